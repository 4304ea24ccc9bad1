import { z } from 'zod';
import { isPlainDate } from '../../../platform/calendar/plain-date.js';
import { chinaDateKey, isValidIdNumber } from '../../../platform/text/scanner/id-card.js';
import { isUnifiedSocialCreditCode } from '../../../platform/text/scanner/official-numbers.js';
import { applicantColumns, deliveryForms, type ApplicantColumn } from '../applications.vocabulary.js';
import { normalizeIdNumber } from './identity.js';

/** The Art. 29 contents of an application, as forms and the applicant's space send them (strings). */

const text = (max: number) => z.string().trim().max(max, `不能超过 ${max} 个字`);
const optionalText = (max: number) => text(max).optional().transform((v) => v || null);
export const dateField = (label: string) => z.string().trim().refine(isPlainDate, `请填写正确的${label}（如 2026-03-02）`);
const optionalDate = (label: string) => z.string().trim().optional().transform((v) => v || null).refine((v) => v === null || isPlainDate(v), `请填写正确的${label}（如 2026-03-02）`);

const mobileOrPhone = /^[\d+\-()（）\s转]{7,30}$/;

const requestFields = {
  description: text(5000).min(5, '请描述所需政府信息：名称、文号或者便于查询的其他特征（至少 5 个字）'),
  deliveryForm: z.enum(deliveryForms, { message: '请选择获取信息的方式' }),
  contactPhone: optionalText(30).refine((v) => v === null || mobileOrPhone.test(v), '联系电话格式不正确'),
  contactEmail: optionalText(254).refine((v) => v === null || z.email().safeParse(v).success, '电子邮箱格式不正确，例如 zhang@example.com'),
  contactAddress: optionalText(300),
};

/** 身份证号 is checked digit by digit; other documents (护照、港澳台居民证件) only for a sane length. */
export function idNumberProblem(column: ApplicantColumn, raw: string, today = chinaDateKey(new Date())): string | null {
  const id = normalizeIdNumber(raw);
  if (id.length < 5 || id.length > 30 || !/^[0-9A-Z]+$/.test(id)) return '证件号码应为 5–30 位字母或数字';
  if (column === 'person' && /^\d{17}[\dX]$/.test(id) && !isValidIdNumber(id, today)) return '居民身份证号码有误（校验位不符），请核对';
  if (column !== 'person' && id.length === 18 && /^[0-9A-HJ-NPQRTUWXY]{18}$/.test(id) && !isUnifiedSocialCreditCode(id)) return '统一社会信用代码有误（校验位不符），请核对';
  return null;
}

type Contact = { deliveryForm: string; contactPhone: string | null; contactEmail: string | null; contactAddress: string | null };

function contactProblems(v: Contact, ctx: z.RefinementCtx) {
  if (!v.contactPhone && !v.contactEmail && !v.contactAddress) ctx.addIssue({ code: 'custom', path: ['contactPhone'], message: '请至少填写一种联系方式（电话、电子邮箱或通信地址）' });
  if (v.deliveryForm === '电子邮件' && !v.contactEmail) ctx.addIssue({ code: 'custom', path: ['contactEmail'], message: '选择以电子邮件获取信息的，请填写电子邮箱' });
  if (v.deliveryForm === '纸质邮寄' && !v.contactAddress) ctx.addIssue({ code: 'custom', path: ['contactAddress'], message: '选择纸质邮寄的，请填写通信地址' });
}

/** Staff intake: 信函、当面、传真、口头 (staff type what the applicant gave). */
export const staffIntakeSchema = z
  .object({
    channel: z.enum(['letter', 'in_person', 'fax', 'oral'], { message: '请选择申请方式' }),
    applicantColumn: z.enum(Object.keys(applicantColumns) as [ApplicantColumn, ...ApplicantColumn[]], { message: '请选择申请人类型' }),
    applicantName: text(200).min(1, '请填写申请人姓名或名称'),
    idNumber: text(40).min(1, '请填写身份证件号码（法人或其他组织填写统一社会信用代码）'),
    submittedOn: dateField('提交日期'),
    confirmedOn: optionalDate('签收或确认日期'),
    ...requestFields,
  })
  .superRefine((v, ctx) => {
    const problem = idNumberProblem(v.applicantColumn, v.idNumber);
    if (problem) ctx.addIssue({ code: 'custom', path: ['idNumber'], message: problem });
    contactProblems(v, ctx);
    if (v.channel === 'letter' && !v.confirmedOn) ctx.addIssue({ code: 'custom', path: ['confirmedOn'], message: '信函申请请填写本机关签收日期（平信未签收的，填写与申请人确认的日期）' });
    if (v.confirmedOn && v.confirmedOn < v.submittedOn) ctx.addIssue({ code: 'custom', path: ['confirmedOn'], message: '签收或确认日期不能早于提交日期' });
  });
export type StaffIntakeInput = z.input<typeof staffIntakeSchema>;

/** Online, by a signed-in public account: the name and kind come from the account. */
export const onlineIntakeSchema = z
  .object({
    idNumber: optionalText(40),
    ...requestFields,
  })
  .superRefine(contactProblems);
export type OnlineIntakeInput = z.input<typeof onlineIntakeSchema>;

export const staffIntakeLabels: Record<string, string> = {
  channel: '申请方式',
  applicantColumn: '申请人类型',
  applicantName: '申请人姓名或名称',
  idNumber: '证件号码',
  submittedOn: '提交日期',
  confirmedOn: '签收或确认日期',
  description: '所需政府信息的描述',
  deliveryForm: '获取信息的方式',
  contactPhone: '联系电话',
  contactEmail: '电子邮箱',
  contactAddress: '通信地址',
};
