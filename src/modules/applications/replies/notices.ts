import { chineseDate } from './placeholders.js';
import { REGULATION, SEAL_PLACEHOLDER, type LetterBlock, type LetterContent } from './letter-content.js';

/*
 * 收费通知书 (条例第四十二条; 《政府信息公开信息处理费管理办法》国办函〔2020〕109号印发) and
 * 补正通知书 (条例第二十九条、第三十条). Amounts and deadlines are computed elsewhere (the clock
 * and fee functions) and passed in: these functions only word them.
 */

interface NoticeBase {
  number: string;
  applicantName: string;
  /** YYYY-MM-DD. */
  receivedOn: string;
  description: string;
  agency: string;
  /** The notice's date, YYYY-MM-DD. */
  noticeDate: string;
  contact?: string;
}

export interface FeeNoticeData extends NoticeBase {
  /** 按件计收 (count: this application's place among the applicant's applications that month) or 按量计收 (pages). */
  method: 'count' | 'pages';
  /** The ordinal of this application in the calendar month (count) or the number of pages (pages). */
  quantity: number;
  /** 元. */
  amount: number;
  /** How the amount was reached, e.g. the fee module's basis text. */
  calculation?: string;
  /** YYYY-MM-DD: the 20th working day after the day the notice is received. */
  paymentDeadline: string;
  /** 缴费方式: account, payee, reference to quote, how to send proof. */
  howToPay: string;
}

export interface CorrectionNoticeData extends NoticeBase {
  /** 需要补正的事项, each one sentence. */
  items: string[];
  /** 补正期限, YYYY-MM-DD. */
  deadline: string;
  /** How to submit the correction (online space, post, in person). */
  howToSubmit?: string;
}

export const FEE_BASIS = '国办函〔2020〕109号';

/** The 收费标准 of each method (国办函〔2020〕109号; progressive: each band applies to the part above the last). */
export const feeStandards = {
  count:
    '按件计收：同一申请人一个自然月内累计申请10件以下（含10件）的，不收费；累计申请11—30件（含30件）的部分，每件收费100元；累计申请31件以上的部分，以10件为一档，每增加一档，收费标准提高100元/件。',
  pages: '按量计收：30页以下（含30页）的，不收费；31—100页（含100页）的部分，每页收费10元；101—200页（含200页）的部分，每页收费20元；200页以上的部分，每页收费40元。',
} as const;

const DIGITS = '零壹贰叁肆伍陆柒捌玖';
const UNITS = ['', '拾', '佰', '仟'];
const GROUPS = ['', '万', '亿'];

/** 人民币大写 of a whole amount of yuan (1200 → 壹仟贰佰元整); undefined for fractions or huge sums. */
export function rmbUpper(amount: number): string | undefined {
  if (!Number.isInteger(amount) || amount < 0 || amount >= 1e12) return undefined;
  if (amount === 0) return '零元整';
  let out = '';
  let group = 0;
  let needZero = false;
  for (let rest = amount; rest > 0; rest = Math.floor(rest / 10000), group += 1) {
    const part = rest % 10000;
    let text = '';
    let zero = false;
    for (let i = 0, p = part; i < 4 && p > 0; i += 1, p = Math.floor(p / 10)) {
      const d = p % 10;
      if (d === 0) zero = text !== '';
      else {
        text = `${DIGITS[d]}${UNITS[i]}${zero ? '零' : ''}${text}`;
        zero = false;
      }
    }
    if (part > 0) {
      out = `${text}${GROUPS[group]}${needZero && out ? '零' : ''}${out}`;
    }
    needZero = part < 1000;
  }
  return `${out}元整`;
}

const opening = (d: NoticeBase) =>
  `本机关于${chineseDate(d.receivedOn)}收到您提出的政府信息公开申请（申请编号：${d.number}），您申请获取“${d.description.trim()}”。`;

const frame = (title: string, d: NoticeBase, blocks: LetterBlock[]): LetterContent => ({
  title,
  reference: `申请编号：${d.number}`,
  addressee: d.applicantName,
  blocks: d.contact?.trim() ? [...blocks, { kind: 'paragraph', text: `联系人及联系方式：${d.contact.trim()}` }] : blocks,
  agency: d.agency,
  date: chineseDate(d.noticeDate),
  seal: SEAL_PLACEHOLDER,
});

/** 政府信息公开信息处理费收费通知书. */
export function feeNoticeContent(d: FeeNoticeData): LetterContent {
  const reason =
    d.method === 'count'
      ? `您本自然月内累计提出的政府信息公开申请已达${d.quantity}件，超出不收费的件数`
      : `本机关需向您提供的政府信息共${d.quantity}页，超出不收费的页数`;
  const upper = rmbUpper(d.amount);
  return frame('政府信息公开信息处理费收费通知书', d, [
    { kind: 'paragraph', text: opening(d) },
    {
      kind: 'paragraph',
      text: `经审查，${reason}。根据${REGULATION}第四十二条和《政府信息公开信息处理费管理办法》（${FEE_BASIS}印发）的规定，本机关依法向您收取信息处理费，现将有关事项通知如下：`,
    },
    { kind: 'paragraph', text: `一、收费依据：${REGULATION}第四十二条；《政府信息公开信息处理费管理办法》（${FEE_BASIS}）。` },
    { kind: 'paragraph', text: `二、收费标准：${feeStandards[d.method]}` },
    { kind: 'paragraph', text: `三、收费数额：人民币${d.amount}元${upper ? `（大写：${upper}）` : ''}。${d.calculation?.trim() ? `计算方法：${d.calculation.trim()}` : ''}` },
    { kind: 'paragraph', text: `四、缴纳方式：${d.howToPay.trim()}` },
    {
      kind: 'paragraph',
      text: `五、缴纳期限：请您自收到本通知书的次日起20个工作日内（截止日期为${chineseDate(d.paymentDeadline)}）缴纳上述费用。逾期未缴纳的，视为放弃申请，本机关不再处理该政府信息公开申请。`,
    },
    // [check] 109号: the time from issuing the notice to payment is not counted in the reply period.
    { kind: 'paragraph', text: '自本机关发出收费通知之日起至您缴纳费用之日止的期间，不计算在政府信息公开申请的答复期限内。' },
  ]);
}

/** 政府信息公开申请补正通知书 (一次性告知). */
export function correctionNoticeContent(d: CorrectionNoticeData): LetterContent {
  const items = d.items.map((item) => item.trim()).filter(Boolean);
  return frame('政府信息公开申请补正通知书', d, [
    { kind: 'paragraph', text: opening(d) },
    {
      kind: 'paragraph',
      text: `经审查，您的申请内容不明确。根据${REGULATION}第二十九条、第三十条的规定，现一次性告知您需要补正的事项如下：`,
    },
    { kind: 'list', items: items.map((item, i) => `${i + 1}. ${item}`) },
    {
      kind: 'paragraph',
      text: `请您于${chineseDate(d.deadline)}前${d.howToSubmit?.trim() ? `，${d.howToSubmit.trim()}，` : ''}提交补正材料。答复期限自本机关收到补正的申请之日起计算。`,
    },
    { kind: 'paragraph', text: '您无正当理由逾期不补正的，视为放弃申请，本机关不再处理该政府信息公开申请。' },
    { kind: 'paragraph', text: '如对需要补正的事项有疑问，可以与本机关联系，本机关将给予指导和释明。' },
  ]);
}
