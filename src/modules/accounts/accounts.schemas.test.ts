import { describe, expect, it } from 'vitest';
import { fieldErrors } from '../../platform/outcome.js';
import { loginSchema, newStaffSchema, normalizeMobile, profileSchema, registerSchema } from './accounts.schemas.js';
import { passwordProblem } from './passwords.js';
import { parseRole, staffRoleCodes, staffRoles } from './roles.js';

const GOOD = 'Good-Passw0rd';
const person = { kind: 'person', name: '张三', contact: 'zhang@example.com', password: GOOD, passwordConfirm: GOOD, agree: 'on' };
const errorsOf = (result: { success: boolean; error?: { issues: { path: PropertyKey[]; message: string }[] } }) =>
  result.success ? {} : fieldErrors(result.error!.issues);

describe('account forms', () => {
  it('normalises mobile numbers written the usual ways', () => {
    for (const raw of ['13800138000', '138-0013-8000', '138 0013 8000', '+86 13800138000', '+86-138-0013-8000', '8613800138000']) {
      expect(normalizeMobile(raw), raw).toBe('13800138000');
    }
  });

  it('takes one contact field as e-mail (lower-cased) or mobile', () => {
    expect(registerSchema.parse({ ...person, contact: ' Zhang@Example.COM ' }).contact).toEqual({ email: 'zhang@example.com', mobile: null });
    expect(registerSchema.parse({ ...person, contact: '+86 139-1234-5678' }).contact).toEqual({ email: null, mobile: '13912345678' });
    expect(errorsOf(registerSchema.safeParse({ ...person, contact: '12345' }))).toEqual({ contact: '请填写 11 位手机号码或有效的电子邮箱' });
    expect(errorsOf(registerSchema.safeParse({ ...person, contact: 'zhang@' }))).toEqual({ contact: '电子邮箱格式不正确，例如 zhang@example.com' });
  });

  it('requires agreement, matching passwords and a real name', () => {
    expect(errorsOf(registerSchema.safeParse({ ...person, name: '张', agree: undefined }))).toEqual({
      name: '请填写姓名或单位名称（至少 2 个字）',
      agree: '请阅读并同意用户协议与隐私政策',
    });
    // Cross-field checks run once the fields themselves are valid (zod refines a parsed object).
    expect(errorsOf(registerSchema.safeParse({ ...person, passwordConfirm: 'Other-Passw0rd' }))).toEqual({ passwordConfirm: '两次输入的密码不一致' });
  });

  it('checks the 统一社会信用代码 of an organization (18 characters, no I, O, S, V, Z)', () => {
    const org = { ...person, kind: 'organization', orgType: '商业企业' };
    expect(registerSchema.safeParse({ ...org, creditCode: '91310000MA1K4X7B20' }).success).toBe(true);
    expect(registerSchema.safeParse({ ...org, creditCode: '91310000ma1k4x7b20' }).success).toBe(true);
    for (const bad of ['', '91310000MA1K4X7B2', '91310000MA1K4X7B20D', '91310000MA1K4X7B2O', '9131000OMA1K4X7B2C']) {
      expect(errorsOf(registerSchema.safeParse({ ...org, creditCode: bad })), bad).toEqual({ creditCode: '统一社会信用代码应为 18 位（数字与大写字母）' });
    }
    expect(errorsOf(registerSchema.safeParse({ ...org, creditCode: '91310000MA1K4X7B21' }))).toEqual({ creditCode: '统一社会信用代码校验位不正确，请核对' });
    expect(errorsOf(registerSchema.safeParse({ ...org, orgType: '外星组织', creditCode: '91310000MA1K4X7B20' }))).toEqual({ orgType: '请选择单位类型' });
  });

  it('does not ask a person for a credit code', () => {
    expect(registerSchema.safeParse({ ...person, creditCode: 'nonsense' }).success).toBe(true);
  });

  it('limits sign-in input sizes', () => {
    expect(loginSchema.safeParse({ identifier: ' ', password: 'x' }).success).toBe(false);
    expect(loginSchema.safeParse({ identifier: 'a', password: 'x'.repeat(129) }).success).toBe(false);
  });

  it('keeps at least one contact on a profile, and normalises both', () => {
    expect(profileSchema.parse({ name: '张三', email: 'A@B.CN', mobile: '' })).toEqual({ name: '张三', email: 'a@b.cn', mobile: null });
    expect(profileSchema.parse({ name: '张三', email: '', mobile: '+86 138 0013 8000' })).toEqual({ name: '张三', email: null, mobile: '13800138000' });
  });
});

describe('password policy', () => {
  it('wants 10 to 128 characters of at least two kinds', () => {
    expect(passwordProblem('Ab1-')).toBe('密码至少 10 位');
    expect(passwordProblem('abcdefghij')).toBe('密码须包含字母、数字、符号中的至少两类');
    expect(passwordProblem('abcdefghi1')).toBeUndefined();
    expect(passwordProblem('规划资源局的密码是1234')).toBeUndefined();
    expect(passwordProblem(`A1${'x'.repeat(127)}`)).toBe('密码不超过 128 位');
  });
});

describe('staff roles', () => {
  it('accepts every code and every Chinese label, and nothing else', () => {
    for (const code of staffRoleCodes) {
      expect(parseRole(code)).toBe(code);
      expect(parseRole(` ${staffRoles[code]} `)).toBe(code);
    }
    expect(parseRole('厨师')).toBeUndefined();
    expect(parseRole('toString')).toBeUndefined();
    expect(parseRole('__proto__')).toBeUndefined();
  });

  it('reads role lists from the CLI and from forms, without duplicates', () => {
    const base = { name: '测试', username: 'tester', password: GOOD };
    expect(newStaffSchema.parse({ ...base, roles: '编辑,审核， editor' }).roles).toEqual(['editor', 'reviewer']);
    expect(newStaffSchema.parse({ ...base, roles: ['head', 'expert'] }).roles).toEqual(['head', 'expert']);
    expect(errorsOf(newStaffSchema.safeParse({ ...base, roles: '编辑,厨师' }))).toEqual({ roles: '未知角色：厨师' });
    expect(errorsOf(newStaffSchema.safeParse({ ...base, roles: '' }))).toEqual({ roles: '请至少选择一个角色' });
  });

  it('ties the 承办处室 role to a department', () => {
    const base = { name: '周承办', username: 'zhou', password: GOOD, roles: 'handler' };
    expect(errorsOf(newStaffSchema.safeParse(base))).toEqual({ departmentId: '承办处室角色须选择所属处室' });
    expect(newStaffSchema.parse({ ...base, departmentId: '3' }).departmentId).toBe(3);
  });

  it('checks the user name format', () => {
    for (const bad of ['ab', 'Admin', '1admin', 'a b', 'a'.repeat(33)]) {
      expect(newStaffSchema.safeParse({ name: '测试', username: bad, roles: 'editor', password: GOOD }).success, bad).toBe(false);
    }
  });
});
