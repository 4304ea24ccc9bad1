import ExcelJS from 'exceljs';
import type { PackageOverview } from './relay.store.js';
import { label, relayChannels, relayTypes } from './relay.vocabulary.js';

/** Who received a package and who relayed it: the totals the console shows and the .xlsx holds. */

export interface OverviewTotals {
  recipients: number;
  relayedOrganisations: number;
  reports: number;
  reach: number;
  byChannel: { channel: string; reports: number; reach: number }[];
}

export function overviewTotals(overview: PackageOverview): OverviewTotals {
  const byChannel = new Map<string, { reports: number; reach: number }>();
  for (const r of overview.reports) {
    const entry = byChannel.get(r.channel) ?? { reports: 0, reach: 0 };
    entry.reports += 1;
    entry.reach += Number(r.reach);
    byChannel.set(r.channel, entry);
  }
  return {
    recipients: overview.recipients.length,
    relayedOrganisations: new Set(overview.reports.map((r) => r.account_id)).size,
    reports: overview.reports.length,
    reach: overview.reports.reduce((sum, r) => sum + Number(r.reach), 0),
    byChannel: Object.keys(relayChannels).filter((c) => byChannel.has(c)).map((channel) => ({ channel, ...byChannel.get(channel)! })),
  };
}

export const XLSX_CONTENT_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** One row per recipient and report (a recipient that has not relayed yet gets one row with blanks). */
export async function overviewXlsx(title: string, overview: PackageOverview): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet('转发情况');
  sheet.columns = [
    { header: '组织名称', key: 'name', width: 32 },
    { header: '转发点类型', key: 'type', width: 14 },
    { header: '接收时间', key: 'received', width: 20 },
    { header: '转发日期', key: 'relayed', width: 12 },
    { header: '转发渠道', key: 'channel', width: 10 },
    { header: '覆盖人数', key: 'reach', width: 10 },
    { header: '备注', key: 'note', width: 40 },
  ];
  sheet.insertRow(1, [title]);
  sheet.mergeCells(1, 1, 1, 7);
  sheet.getCell(1, 1).font = { bold: true, size: 14 };
  sheet.getRow(2).font = { bold: true };
  for (const r of overview.recipients) {
    const reports = overview.reports.filter((x) => x.account_id === r.account_id);
    const base = { name: r.name, type: label(relayTypes, r.relay_type), received: r.created_at.slice(0, 19).replace('T', ' ') };
    if (reports.length === 0) sheet.addRow({ ...base, relayed: '未登记' });
    for (const x of reports) sheet.addRow({ ...base, relayed: x.relayed_on, channel: label(relayChannels, x.channel), reach: Number(x.reach), note: x.note });
  }
  const totals = overviewTotals(overview);
  const row = sheet.addRow({ name: `合计：接收 ${totals.recipients} 个，已转发 ${totals.relayedOrganisations} 个，登记 ${totals.reports} 次`, reach: totals.reach });
  row.font = { bold: true };
  return Buffer.from(await book.xlsx.writeBuffer());
}
