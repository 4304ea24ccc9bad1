/*
 * The {{placeholders}} of 答复口径 and notices. A template may use only these names; the console
 * rejects any other one, so a typo never reaches an applicant as literal braces.
 */

export const placeholders = {
  applicantName: '申请人姓名或名称',
  number: '申请编号',
  receivedOn: '收到申请日期',
  description: '所申请信息的内容描述',
  deliveryForm: '申请人要求的获取信息方式',
  agency: '答复机关名称',
  replyDate: '答复日期',
  contact: '联系人及联系方式',
  detail: '具体说明（承办人填写：不予公开的理由、获取途径、负责机关、前次答复等）',
  correctionRequestedOn: '补正通知发出日期',
  correctionDeadline: '补正期限',
  feeNoticeOn: '收费通知发出日期',
  paymentDeadline: '缴费截止日期',
} as const;
export type PlaceholderName = keyof typeof placeholders;
export const placeholderNames = Object.keys(placeholders) as PlaceholderName[];

/** Values for a template: dates already in Chinese form (see chineseDate). */
export type PlaceholderValues = Partial<Record<PlaceholderName, string>>;

/** What a missing value prints as: a blank line to fill by hand, visible on review. */
export const BLANK = '＿＿＿＿＿＿';

const PLACEHOLDER = /\{\{\s*([^{}]*?)\s*\}\}/g;

/** Every placeholder name used in a text (in order of first use, without duplicates). */
export function placeholdersIn(text: string): string[] {
  return [...new Set([...text.matchAll(PLACEHOLDER)].map((m) => m[1] ?? ''))];
}

/**
 * The problem with a template's placeholders, in Chinese, or undefined when it is sound:
 * unknown names are listed by name; stray `{{` or `}}` are reported too.
 */
export function placeholderProblem(text: string): string | undefined {
  const unknown = placeholdersIn(text).filter((name) => !Object.hasOwn(placeholders, name));
  if (unknown.length > 0) {
    return `包含未知的占位符：${unknown.map((n) => `{{${n}}}`).join('、')}。可用的占位符：${placeholderNames.map((n) => `{{${n}}}`).join('、')}`;
  }
  const rest = text.replace(PLACEHOLDER, '');
  if (rest.includes('{{') || rest.includes('}}')) return '占位符格式有误：每个占位符须写成 {{名称}}，花括号须成对出现';
  return undefined;
}

/** Fills a template; a placeholder without a value becomes a visible blank. */
export function fillTemplate(text: string, values: PlaceholderValues): string {
  return text.replace(PLACEHOLDER, (_whole, name: string) => {
    const value = Object.hasOwn(placeholders, name) ? values[name as PlaceholderName] : undefined;
    return value === undefined || value.trim() === '' ? BLANK : value;
  });
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** 2026-03-05 → 2026年3月5日 (the form used in official letters); other text is returned as is. */
export function chineseDate(date: string): string {
  const m = ISO_DATE.exec(date);
  return m ? `${m[1]}年${Number(m[2])}月${Number(m[3])}日` : date;
}
