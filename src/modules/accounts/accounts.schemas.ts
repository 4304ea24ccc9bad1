import { z } from 'zod';
import { isUnifiedSocialCreditCode } from '../../platform/text/scanner/index.js';
import { passwordProblem } from './passwords.js';
import { organizationTypes, parseRole, type StaffRole } from './roles.js';

const mobilePattern = /^1[3-9]\d{9}$/;
const emailSchema = z.email('电子邮箱格式不正确，例如 zhang@example.com').max(254, '电子邮箱过长');

/** Strips spaces, dashes and a +86 prefix so 138-0013-8000 and +86 13800138000 are one number. */
export function normalizeMobile(raw: string): string {
  return raw.replace(/[\s-]/g, '').replace(/^(\+?86)/, '');
}

const password = z.string().superRefine((value, ctx) => {
  const problem = passwordProblem(value);
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
});

const contactIdentifier = z
  .string()
  .trim()
  .min(1, '请填写手机号或电子邮箱')
  .max(254, '内容过长')
  .transform((value, ctx) => {
    if (value.includes('@')) {
      const parsed = emailSchema.safeParse(value.toLowerCase());
      if (!parsed.success) ctx.addIssue({ code: 'custom', message: '电子邮箱格式不正确，例如 zhang@example.com' });
      return { email: value.toLowerCase(), mobile: null };
    }
    const mobile = normalizeMobile(value);
    if (!mobilePattern.test(mobile)) ctx.addIssue({ code: 'custom', message: '请填写 11 位手机号码或有效的电子邮箱' });
    return { email: null, mobile };
  });

export const registerSchema = z
  .object({
    kind: z.enum(['person', 'organization'], { error: '请选择账号类型' }),
    name: z.string().trim().min(2, '请填写姓名或单位名称（至少 2 个字）').max(100, '名称不超过 100 个字'),
    orgType: z.string().optional(),
    creditCode: z.string().trim().optional(),
    contact: contactIdentifier,
    password,
    passwordConfirm: z.string(),
    agree: z.literal('on', { error: '请阅读并同意用户协议与隐私政策' }),
  })
  .superRefine((value, ctx) => {
    if (value.password !== value.passwordConfirm) ctx.addIssue({ code: 'custom', path: ['passwordConfirm'], message: '两次输入的密码不一致' });
    if (value.kind === 'organization') {
      if (!value.orgType || !(organizationTypes as readonly string[]).includes(value.orgType)) {
        ctx.addIssue({ code: 'custom', path: ['orgType'], message: '请选择单位类型' });
      }
      if (!value.creditCode || !/^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$/.test(value.creditCode.toUpperCase())) {
        ctx.addIssue({ code: 'custom', path: ['creditCode'], message: '统一社会信用代码应为 18 位（数字与大写字母）' });
      } else if (!isUnifiedSocialCreditCode(value.creditCode.toUpperCase())) {
        ctx.addIssue({ code: 'custom', path: ['creditCode'], message: '统一社会信用代码校验位不正确，请核对' });
      }
    }
  });
export type RegisterInput = z.output<typeof registerSchema>;

export const loginSchema = z.object({
  identifier: z.string().trim().min(1, '请填写账号').max(254, '账号过长'),
  password: z.string().min(1, '请填写密码').max(128, '密码过长'),
  next: z.string().optional(),
});

export const forgotSchema = z.object({ email: emailSchema });
export const resetSchema = z
  .object({ password, passwordConfirm: z.string() })
  .refine((v) => v.password === v.passwordConfirm, { path: ['passwordConfirm'], message: '两次输入的密码不一致' });

export const changePasswordSchema = z
  .object({ current: z.string().min(1, '请填写当前密码'), password, passwordConfirm: z.string() })
  .refine((v) => v.password === v.passwordConfirm, { path: ['passwordConfirm'], message: '两次输入的密码不一致' });

export const profileSchema = z.object({
  name: z.string().trim().min(2, '请填写姓名或单位名称（至少 2 个字）').max(100, '名称不超过 100 个字'),
  email: z.union([z.literal(''), emailSchema]).transform((v) => (v ? v.toLowerCase() : null)),
  mobile: z
    .string()
    .trim()
    .transform((v) => (v ? normalizeMobile(v) : ''))
    .refine((v) => v === '' || mobilePattern.test(v), '请填写 11 位手机号码')
    .transform((v) => v || null),
});

const rolesField = z
  .union([z.string(), z.array(z.string())])
  .optional()
  .transform((v, ctx) => {
    const list = (v === undefined ? [] : Array.isArray(v) ? v : v.split(/[,，\s]+/)).filter(Boolean);
    const roles: StaffRole[] = [];
    for (const item of list) {
      const role = parseRole(item);
      if (!role) ctx.addIssue({ code: 'custom', message: `未知角色：${item}` });
      else if (!roles.includes(role)) roles.push(role);
    }
    if (roles.length === 0) ctx.addIssue({ code: 'custom', message: '请至少选择一个角色' });
    return roles;
  });

export const staffUserSchema = z
  .object({
    name: z.string().trim().min(2, '请填写姓名（至少 2 个字）').max(50, '姓名不超过 50 个字'),
    username: z.string().trim().regex(/^[a-z][a-z0-9._-]{2,31}$/, '登录名为 3–32 位小写字母、数字或 . _ -，以字母开头'),
    email: z.union([z.literal(''), emailSchema]).optional().transform((v) => (v ? v.toLowerCase() : null)),
    roles: rolesField,
    departmentId: z
      .string()
      .optional()
      .transform((v) => (v ? Number(v) : null))
      .refine((v) => v === null || (Number.isInteger(v) && v > 0), '请选择处室'),
  })
  .superRefine((v, ctx) => {
    if (v.roles.includes('handler') && v.departmentId === null) {
      ctx.addIssue({ code: 'custom', path: ['departmentId'], message: '承办处室角色须选择所属处室' });
    }
  });
export type StaffUserInput = z.output<typeof staffUserSchema>;

export const newStaffSchema = z.intersection(staffUserSchema, z.object({ password }));

export const departmentSchema = z.object({
  name: z.string().trim().min(2, '请填写处室名称（至少 2 个字）').max(100, '处室名称不超过 100 个字'),
  code: z.string().trim().regex(/^[A-Za-z0-9_-]{1,32}$/, '处室代码为 1–32 位字母、数字、_ 或 -'),
  active: z.string().optional().transform((v) => v === 'on' || v === '1' || v === 'true'),
});
