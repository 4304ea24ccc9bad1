import {
  appealKinds, appealOutcomes, applicantColumns, replyGroups, replyTypeCodes, replyTypes,
  type AppealKind, type AppealOutcome, type ApplicantColumn, type ReplyGroup, type ReplyType,
} from '../applications.vocabulary.js';

/*
 * The three tables of 政府信息公开工作年度报告 (国办公开办函〔2021〕30号) as data, and their JSON
 * form keyed by the Chinese row and column labels exactly as printed in the national form.
 */

export const columnCodes = Object.keys(applicantColumns) as ApplicantColumn[];
export type Column = ApplicantColumn | 'total';
export const allColumns: Column[] = [...columnCodes, 'total'];
export const TOTAL = '总计';
export const LEGAL_PERSONS = '法人或其他组织';
export const columnLabel = (c: Column): string => (c === 'total' ? TOTAL : applicantColumns[c]);

export type Counts = Record<Column, number>;
export const zeroCounts = (): Counts => ({ person: 0, business: 0, research: 0, nonprofit: 0, legal_service: 0, other_org: 0, total: 0 });

/** Table 3 (收到和处理政府信息公开申请情况). */
export interface Table3 {
  received: Counts;
  carriedIn: Counts;
  results: Record<ReplyType, Counts>;
  /** 三（七）总计: the sum of the result rows. */
  resultsTotal: Counts;
  carriedOut: Counts;
}

export const table3Labels = {
  received: '一、本年新收政府信息公开申请数量',
  carriedIn: '二、上年结转政府信息公开申请数量',
  results: '三、本年度办理结果',
  resultsTotal: '（七）总计',
  carriedOut: '四、结转下年度继续办理',
} as const;

/** A reply type's row label: (一)/(二) are one-row groups, the others numbered rows inside their group. */
export function replyRowLabel(type: ReplyType): string {
  if (type === 'disclosed') return replyGroups.disclosed;
  if (type === 'partly_disclosed') return `（二）${replyTypes.partly_disclosed.label}`;
  return replyTypes[type].label;
}

/** The reply groups in order, with their rows (for the grouped layout of 三). */
export const replyGroupRows: { group: ReplyGroup; label: string; types: ReplyType[] }[] = (Object.keys(replyGroups) as ReplyGroup[]).map((group) => ({
  group,
  label: replyGroups[group],
  types: replyTypeCodes.filter((t) => replyTypes[t].group === group),
}));

/** Table 3 row labels in the order of the national form. */
export const table3RowLabels: string[] = [
  table3Labels.received, table3Labels.carriedIn, ...replyTypeCodes.map(replyRowLabel), table3Labels.resultsTotal, table3Labels.carriedOut,
];

export type Table3Json = Record<string, Record<string, number>>;

function countsJson(c: Counts): Record<string, number> {
  return Object.fromEntries(allColumns.map((col) => [columnLabel(col), c[col]]));
}

export function table3Json(t: Table3): Table3Json {
  return {
    [table3Labels.received]: countsJson(t.received),
    [table3Labels.carriedIn]: countsJson(t.carriedIn),
    ...Object.fromEntries(replyTypeCodes.map((type) => [replyRowLabel(type), countsJson(t.results[type])])),
    [table3Labels.resultsTotal]: countsJson(t.resultsTotal),
    [table3Labels.carriedOut]: countsJson(t.carriedOut),
  };
}

/** Table 2 (主动公开政府信息情况): the policy library counts plus the manual entries. */
export interface Manual {
  licensing: number | null;
  penalty: number | null;
  enforcement: number | null;
  /** 行政事业性收费 本年收费金额, 万元. */
  fees: number | null;
}
export const emptyManual = (): Manual => ({ licensing: null, penalty: null, enforcement: null, fees: null });
export const manualLabels: Record<keyof Manual, string> = {
  licensing: '行政许可 本年处理决定数量',
  penalty: '行政处罚 本年处理决定数量',
  enforcement: '行政强制 本年处理决定数量',
  fees: '行政事业性收费 本年收费金额（单位：万元）',
};

export interface PolicyCounts {
  made: number;
  repealed: number;
  current: number;
}
export interface Table2 {
  regulation: PolicyCounts;
  normative: PolicyCounts;
  manual: Manual;
}

export const table2Labels = {
  item1: '第二十条第（一）项', item5: '第二十条第（五）项', item6: '第二十条第（六）项', item8: '第二十条第（八）项',
  content: '信息内容', made: '本年制发件数', repealed: '本年废止件数', current: '现行有效件数',
  decisions: '本年处理决定数量', fees: '本年收费金额（单位：万元）',
  regulation: '规章', normative: '行政规范性文件', licensing: '行政许可', penalty: '行政处罚', enforcement: '行政强制', charges: '行政事业性收费',
} as const;

export type Table2Json = Record<string, Record<string, Record<string, number | null>>>;

export function table2Json(t: Table2): Table2Json {
  const L = table2Labels;
  const policy = (p: PolicyCounts) => ({ [L.made]: p.made, [L.repealed]: p.repealed, [L.current]: p.current });
  return {
    [L.item1]: { [L.regulation]: policy(t.regulation), [L.normative]: policy(t.normative) },
    [L.item5]: { [L.licensing]: { [L.decisions]: t.manual.licensing } },
    [L.item6]: { [L.penalty]: { [L.decisions]: t.manual.penalty }, [L.enforcement]: { [L.decisions]: t.manual.enforcement } },
    [L.item8]: { [L.charges]: { [L.fees]: t.manual.fees } },
  };
}

/** Table 4 (政府信息公开行政复议、行政诉讼情况). */
export const outcomeCodes = Object.keys(appealOutcomes) as AppealOutcome[];
export type OutcomeCounts = Record<AppealOutcome | 'total', number>;
export type Table4 = Record<AppealKind, OutcomeCounts>;
export const appealKindCodes = Object.keys(appealKinds) as AppealKind[];
export const zeroOutcomes = (): OutcomeCounts => ({ upheld: 0, corrected: 0, other: 0, pending: 0, total: 0 });

export const table4Labels = {
  reconsideration: '行政复议',
  litigation: '行政诉讼',
  litigation_direct: '未经复议直接起诉',
  litigation_after_reconsideration: '复议后起诉',
} as const;
export const outcomeLabels: string[] = [...outcomeCodes.map((o) => appealOutcomes[o]), TOTAL];

export type Table4Json = Record<string, Record<string, number> | Record<string, Record<string, number>>>;

function outcomesJson(c: OutcomeCounts): Record<string, number> {
  return Object.fromEntries([...outcomeCodes.map((o) => [appealOutcomes[o], c[o]]), [TOTAL, c.total]]);
}

export function table4Json(t: Table4): Table4Json {
  return {
    [table4Labels.reconsideration]: outcomesJson(t.reconsideration),
    [table4Labels.litigation]: {
      [table4Labels.litigation_direct]: outcomesJson(t.litigation_direct),
      [table4Labels.litigation_after_reconsideration]: outcomesJson(t.litigation_after_reconsideration),
    },
  };
}

/** The prose sections 一、五、六. */
export interface Prose {
  overview: string;
  problems: string;
  other: string;
}
export const emptyProse = (): Prose => ({ overview: '', problems: '', other: '' });
export const proseLabels: Record<keyof Prose, string> = {
  overview: '一、总体情况',
  problems: '五、存在的主要问题及改进情况',
  other: '六、其他需要报告的事项',
};
export const sectionTitles = {
  table2: '二、主动公开政府信息情况',
  table3: '三、收到和处理政府信息公开申请情况',
  table4: '四、政府信息公开行政复议、行政诉讼情况',
} as const;

/** Everything a rendering (HTML, .docx, .xlsx, JSON) needs: live, or the snapshot frozen at publication. */
export interface ReportData {
  year: number;
  /** The reporting organ (the site's 主办单位). */
  organ: string;
  table2: Table2Json;
  table3: Table3Json;
  table4: Table4Json;
  prose: Prose;
}

export const reportTitle = (data: Pick<ReportData, 'year' | 'organ'>): string => `${data.organ}${data.year}年政府信息公开工作年度报告`;
