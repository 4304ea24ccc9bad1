/** Staff roles. A user may hold several; 承办处室 is tied to a department. */
export const staffRoles = {
  editor: '编辑',
  reviewer: '审核',
  confidentiality: '保密审查员',
  disclosure_office: '公开办',
  handler: '承办处室',
  head: '负责人',
  expert: '解读评审专家',
  admin: '系统管理员',
} as const;

export type StaffRole = keyof typeof staffRoles;
export const staffRoleCodes = Object.keys(staffRoles) as StaffRole[];

export function isStaffRole(value: string): value is StaffRole {
  return Object.hasOwn(staffRoles, value);
}

/** Accepts a role code (editor) or its Chinese label (编辑). */
export function parseRole(value: string): StaffRole | undefined {
  const trimmed = value.trim();
  if (isStaffRole(trimmed)) return trimmed;
  return staffRoleCodes.find((code) => staffRoles[code] === trimmed);
}

export const organizationTypes = ['商业企业', '科研机构', '社会公益组织', '法律服务机构', '其他'] as const;
export type OrganizationType = (typeof organizationTypes)[number];

export const accountKinds = { staff: '工作人员', person: '自然人', organization: '法人或其他组织' } as const;
export type AccountKind = keyof typeof accountKinds;
