import { replyTypes, type ReplyType } from '../applications.vocabulary.js';
import type { ApplicationsTable } from '../applications.tables.js';
import { chineseDate, fillTemplate, type PlaceholderValues } from './placeholders.js';

/*
 * What a letter says, once: the .docx and the plain-text renderings (inbox message, e-mail body)
 * are both made from this, so they never disagree.
 */

export type LetterBlock = { kind: 'paragraph'; text: string } | { kind: 'list'; heading?: string; items: string[] };

export interface LetterContent {
  title: string;
  /** 申请编号 line under the title. */
  reference: string;
  /** 申请人姓名或名称, followed by a full-width colon in the letter. */
  addressee: string;
  blocks: LetterBlock[];
  agency: string;
  /** Chinese date (2026年3月5日). */
  date: string;
  /** Where the seal goes: placeholder text until the letter is stamped. */
  seal: string;
}

export const SEAL_PLACEHOLDER = '（此处加盖印章）';
export const REGULATION = '《中华人民共和国政府信息公开条例》';

/** The facts of one case a reply letter needs (a small interface: callers map their case row to it). */
export interface ReplyLetterData {
  number: string;
  applicantName: string;
  /** YYYY-MM-DD (the legal date of receipt). */
  receivedOn: string;
  description: string;
  deliveryForm?: string;
  replyType: ReplyType;
  /** YYYY-MM-DD. */
  replyDate: string;
  agency: string;
  contact?: string;
  /** The handler's case-specific text for {{detail}}. */
  detail?: string;
  correctionRequestedOn?: string;
  correctionDeadline?: string;
  feeNoticeOn?: string;
  paymentDeadline?: string;
  /** Records released with the letter (to the applicant's space or by post). */
  released?: { title: string; note?: string }[];
  /** Named in the remedy sentence when given (行政复议机关, 人民法院). */
  remedy?: { reconsiderationBody?: string; court?: string };
}

/** Template values of a letter: dates in Chinese form. */
export function letterValues(data: ReplyLetterData): PlaceholderValues {
  const date = (d?: string) => (d ? chineseDate(d) : undefined);
  return {
    applicantName: data.applicantName,
    number: data.number,
    receivedOn: chineseDate(data.receivedOn),
    description: data.description.trim(),
    deliveryForm: data.deliveryForm,
    agency: data.agency,
    replyDate: chineseDate(data.replyDate),
    contact: data.contact,
    detail: data.detail?.trim(),
    correctionRequestedOn: date(data.correctionRequestedOn),
    correctionDeadline: date(data.correctionDeadline),
    feeNoticeOn: date(data.feeNoticeOn),
    paymentDeadline: date(data.paymentDeadline),
  };
}

/*
 * The remedy sentence. 行政复议法（2023年修订）第二十三条第一款第（四）项 makes reconsideration come
 * first when an agency refuses to disclose (申请政府信息公开，行政机关不予公开), so for the 不予公开
 * rows (and 部分公开, which refuses part — [check]) the letter does not offer direct litigation.
 * Periods: 行政复议法第二十条 (60 days), 行政诉讼法第四十六条 (6 months).
 */
export function remedySentence(replyType: ReplyType, remedy: ReplyLetterData['remedy'] = {}): string {
  const body = remedy.reconsiderationBody ? `向${remedy.reconsiderationBody}` : '';
  const court = remedy.court ? `向${remedy.court}` : '';
  const group = replyTypes[replyType].group;
  if (group === 'withheld' || group === 'partly_disclosed') {
    return `如对本答复不服，可以自收到本告知书之日起六十日内依法${body}申请行政复议；对行政复议决定不服的，可以依法${court}提起行政诉讼。`;
  }
  return `如对本答复不服，可以自收到本告知书之日起六十日内依法${body}申请行政复议，或者在六个月内依法${court}提起行政诉讼。`;
}

const paragraphs = (text: string): LetterBlock[] =>
  text
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean)
    .map((line) => ({ kind: 'paragraph', text: line }));

const contactBlock = (contact?: string): LetterBlock[] => (contact?.trim() ? [{ kind: 'paragraph', text: `联系人及联系方式：${contact.trim()}` }] : []);

/** 政府信息公开申请答复告知书. */
export function replyLetterContent(data: ReplyLetterData, template: { body: string }): LetterContent {
  const released = data.released ?? [];
  return {
    title: '政府信息公开申请答复告知书',
    reference: `申请编号：${data.number}`,
    addressee: data.applicantName,
    blocks: [
      ...paragraphs(fillTemplate(template.body, letterValues(data))),
      { kind: 'paragraph', text: remedySentence(data.replyType, data.remedy) },
      ...contactBlock(data.contact),
      // 附件说明 comes after the body text and before the signature (GB/T 9704).
      ...(released.length > 0
        ? [{ kind: 'list' as const, heading: '附：公开信息清单', items: released.map((r, i) => `${i + 1}. ${r.title}${r.note ? `（${r.note}）` : ''}`) }]
        : []),
    ],
    agency: data.agency,
    date: chineseDate(data.replyDate),
    seal: SEAL_PLACEHOLDER,
  };
}

/** The plain-text form of a letter: for the applicant's inbox and the e-mail body. */
export function letterText(content: LetterContent): string {
  const lines = [content.title, content.reference, '', `${content.addressee}：`];
  for (const block of content.blocks) {
    if (block.kind === 'paragraph') lines.push(`\u3000\u3000${block.text}`);
    else lines.push('', ...(block.heading ? [block.heading] : []), ...block.items.map((item) => `\u3000\u3000${item}`), '');
  }
  lines.push('', content.seal, content.agency, content.date);
  return `${lines.join('\n').replace(/\n{3,}/g, '\n\n')}\n`;
}

type CaseFacts = Pick<ApplicationsTable, 'number' | 'applicant_name' | 'received_on' | 'description' | 'delivery_form'>;

/** Maps a case row to the letter's facts; the rest (type, date, agency, detail …) comes from the handler. */
export function replyLetterDataFromCase(row: CaseFacts, rest: Omit<ReplyLetterData, 'number' | 'applicantName' | 'receivedOn' | 'description' | 'deliveryForm'>): ReplyLetterData {
  return { number: row.number, applicantName: row.applicant_name, receivedOn: row.received_on, description: row.description, deliveryForm: row.delivery_form, ...rest };
}
