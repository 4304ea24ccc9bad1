import { z } from 'zod';

export const siteFooterSchema = z.object({
  sponsor: z.string().trim().min(2, '请填写主办单位').max(100),
  siteCode: z.string().trim().regex(/^[0-9A-Za-z]{6,20}$/, '网站标识码应为 6–20 位字母或数字'),
  icp: z.string().trim().min(2, '请填写 ICP 备案号').max(60),
  psb: z.string().trim().min(2, '请填写公安机关备案号').max(60),
  phone: z.string().trim().min(5, '请填写联系电话').max(60),
  address: z.string().trim().min(2, '请填写地址').max(200),
  email: z.string().trim().max(120),
});
export type SiteFooter = z.infer<typeof siteFooterSchema>;

export const siteColumnSchema = z.object({
  slug: z.string().regex(/^[a-z][a-z0-9-]{1,31}$/),
  title: z.string().min(2).max(20),
  description: z.string().max(200),
  sections: z.array(z.object({ title: z.string().min(1).max(40), description: z.string().max(200) })),
});
export type SiteColumn = z.infer<typeof siteColumnSchema>;

export const siteAddSchema = z.object({
  slug: z.string().trim().regex(/^[a-z][a-z0-9-]{1,31}$/, '站点代号应为 2–32 位小写字母、数字或连字符，以字母开头'),
  name: z.string().trim().min(2, '请填写站点名称（至少 2 个字）').max(100, '站点名称不超过 100 个字'),
  hosts: z
    .string()
    .trim()
    .transform((s) => s.split(/[,\s，]+/).map((h) => h.toLowerCase()).filter(Boolean))
    .pipe(z.array(z.string().regex(/^[a-z0-9.-]+(:\d+)?$/, '域名格式不正确')).min(1, '请至少填写一个域名')),
  footer: siteFooterSchema,
});
export type SiteAddInput = z.input<typeof siteAddSchema>;

export interface Site {
  id: number;
  slug: string;
  name: string;
  hosts: string[];
  isDefault: boolean;
  footer: SiteFooter;
  columns: SiteColumn[];
}
