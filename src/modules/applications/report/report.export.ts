import type { FastifyReply } from 'fastify';
import { reportDocx } from './report.docx.js';
import { reportTitle, type ReportData } from './report.model.js';
import { reportXlsx } from './report.xlsx.js';

export const exportTypes = {
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
} as const;
export type ExportFormat = keyof typeof exportTypes;

export const isExportFormat = (f: string): f is ExportFormat => Object.hasOwn(exportTypes, f);

/** Sends the report as a download: 「机关2025年政府信息公开工作年度报告.docx」. */
export async function sendReportFile(reply: FastifyReply, data: ReportData, format: ExportFormat, draft: boolean): Promise<FastifyReply> {
  const bytes = format === 'docx' ? await reportDocx(data, { draft }) : await reportXlsx(data, { draft });
  const filename = `${reportTitle(data)}${draft ? '（草稿）' : ''}.${format}`;
  return reply
    .type(exportTypes[format])
    .header('content-disposition', `attachment; filename="annual-report-${data.year}.${format}"; filename*=UTF-8''${encodeURIComponent(filename)}`)
    .header('x-content-type-options', 'nosniff')
    .send(bytes);
}
