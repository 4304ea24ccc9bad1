import type { FieldErrors } from '../../../platform/outcome.js';
import { fieldErrors } from '../../../platform/outcome.js';
import { chinaDateKey, isValidIdNumber } from '../../../platform/text/scanner/id-card.js';
import { isUnifiedSocialCreditCode } from '../../../platform/text/scanner/official-numbers.js';
import { normalizeIdNumber } from '../cases/identity.js';
import { onlineIntakeSchema, type OnlineIntakeInput } from '../cases/intake.schemas.js';

/** The online application form (条例第二十九条): its fields, labels and the checks made before the case service. */

export const RESIDENT_ID = '居民身份证';
export const idTypes = [RESIDENT_ID, '港澳居民来往内地通行证', '台湾居民来往大陆通行证', '港澳台居民居住证', '外国人永久居留身份证', '护照', '其他有效身份证件'] as const;

export const MIN_DESCRIPTION = 10;
export const MAX_DESCRIPTION = 2000;
export const MAX_PURPOSE = 500;

export const applyFields = ['idType', 'idNumber', 'contactPhone', 'contactEmail', 'contactAddress', 'postcode', 'description', 'purpose', 'deliveryForm', 'declaration'] as const;

export const applyLabels: Record<string, string> = {
  idType: '身份证件类型',
  idNumber: '证件号码',
  contactPhone: '联系电话',
  contactEmail: '电子邮箱',
  contactAddress: '通信地址',
  postcode: '邮政编码',
  description: '所需政府信息的描述',
  purpose: '申请用途',
  deliveryForm: '获取信息的方式',
  idScan: '身份证件扫描件',
  declaration: '声明',
};

export type ApplyValues = Record<(typeof applyFields)[number], string>;

/** What the case service is given once the form is valid. */
export interface ApplyInput extends OnlineIntakeInput {
  idNumber: string;
}

const trimmed = (v: string) => v.trim();

/** The 身份证件 (persons) or 统一社会信用代码 (organisations), checked digit by digit where it has a check digit. */
function identityProblem(kind: 'person' | 'organization', v: ApplyValues, today: string): FieldErrors {
  const raw = trimmed(v.idNumber);
  if (kind === 'organization') {
    if (!raw) return { idNumber: '请填写统一社会信用代码' };
    const code = normalizeIdNumber(raw);
    if (code.length !== 18 || !isUnifiedSocialCreditCode(code)) return { idNumber: '统一社会信用代码应为 18 位，且校验位正确，请核对' };
    return {};
  }
  const errors: FieldErrors = {};
  if (!(idTypes as readonly string[]).includes(v.idType)) errors.idType = '请选择身份证件类型';
  if (!raw) errors.idNumber = '请填写身份证件号码';
  else if (v.idType === RESIDENT_ID) {
    const id = normalizeIdNumber(raw);
    if (!/^\d{17}[\dX]$/.test(id)) errors.idNumber = '居民身份证号码应为 18 位（最后一位可以是 X）';
    else if (!isValidIdNumber(id, today)) errors.idNumber = '居民身份证号码有误（出生日期或校验位不符），请核对';
  }
  return errors;
}

/**
 * Checks the whole form at once, so the error summary lists every problem: the identity, the
 * declaration, the description's length, the postcode, and the service's own schema (contacts,
 * delivery form). Returns the service input, or the errors by field.
 */
export function checkApplyForm(kind: 'person' | 'organization', v: ApplyValues, now = new Date()): { ok: true; input: ApplyInput } | { ok: false; errors: FieldErrors } {
  const errors: FieldErrors = { ...identityProblem(kind, v, chinaDateKey(now)) };
  const description = trimmed(v.description);
  const purpose = trimmed(v.purpose);
  const postcode = trimmed(v.postcode);
  const address = trimmed(v.contactAddress);
  if (description.length < MIN_DESCRIPTION) errors.description = `请写明所需政府信息的名称、文号或者便于查询的其他特征（至少 ${MIN_DESCRIPTION} 个字）`;
  else if (description.length > MAX_DESCRIPTION) errors.description = `所需政府信息的描述不能超过 ${MAX_DESCRIPTION} 个字`;
  if (purpose.length > MAX_PURPOSE) errors.purpose = `申请用途不能超过 ${MAX_PURPOSE} 个字`;
  if (postcode && !/^\d{6}$/.test(postcode)) errors.postcode = '邮政编码应为 6 位数字';
  if (postcode && !address) errors.contactAddress = '填写邮政编码的，请同时填写通信地址';
  if (v.declaration !== 'yes') errors.declaration = '请阅读并勾选声明后再提交';

  const input = {
    idNumber: normalizeIdNumber(trimmed(v.idNumber)),
    // The case keeps one description; the optional purpose is kept with it, marked as such.
    description: purpose ? `${description}\n【申请用途】${purpose}` : description,
    deliveryForm: v.deliveryForm,
    contactPhone: trimmed(v.contactPhone) || undefined,
    contactEmail: trimmed(v.contactEmail) || undefined,
    contactAddress: address ? `${address}${postcode ? `（邮编 ${postcode}）` : ''}` : undefined,
  };
  const parsed = onlineIntakeSchema.safeParse(input);
  if (!parsed.success) {
    for (const [field, message] of Object.entries(fieldErrors(parsed.error.issues))) {
      if (!(field in errors)) errors[field] = message;
    }
  }
  if (!parsed.success || Object.keys(errors).length > 0) return { ok: false, errors };
  return { ok: true, input: { ...input, deliveryForm: parsed.data.deliveryForm } };
}

