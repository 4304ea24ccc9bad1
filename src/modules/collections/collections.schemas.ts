import { z } from 'zod';

/**
 * 国办《政府网站发展指引》: a column or page not updated for six months counts as 长期未更新. A
 * collection's own setting overrides it; this is only the default offered on the form.
 */
export const DEFAULT_STALE_AFTER_DAYS = 180;
export const STALE_AFTER_DAYS_RANGE = { min: 7, max: 730 } as const;

export const itemKinds = { document: '文件', faq: '常见问题', link: '服务链接' } as const;
export type ItemKind = keyof typeof itemKinds;

const checkbox = z.string().optional().transform((v) => v === 'on' || v === '1' || v === 'true');

export const collectionSchema = z.object({
  title: z.string().trim().min(2, '请填写主题库名称（至少 2 个字）').max(100, '主题库名称不超过 100 个字'),
  slug: z
    .string()
    .trim()
    .toLowerCase()
    .regex(/^[a-z0-9][a-z0-9-]{1,63}$/, '访问地址应为 2–64 位小写字母、数字或连字符，例如 urban-renewal'),
  summary: z.string().trim().max(1000, '简介不超过 1000 字').optional().transform((v) => v ?? ''),
  staleAfterDays: z
    .string()
    .trim()
    .regex(/^\d{1,4}$/, `巡检提醒周期应为 ${STALE_AFTER_DAYS_RANGE.min}–${STALE_AFTER_DAYS_RANGE.max} 天`)
    .transform(Number)
    .refine((n) => n >= STALE_AFTER_DAYS_RANGE.min && n <= STALE_AFTER_DAYS_RANGE.max, `巡检提醒周期应为 ${STALE_AFTER_DAYS_RANGE.min}–${STALE_AFTER_DAYS_RANGE.max} 天`),
  published: checkbox,
});
export type CollectionInput = z.output<typeof collectionSchema>;

/** A document by its number in the library, its 文号 or its 索引号. */
export const documentItemSchema = z.object({
  document: z.string().trim().min(1, '请填写文件编号、文号或索引号').max(100, '文号或索引号不超过 100 个字'),
});

export const faqItemSchema = z.object({
  question: z.string().trim().min(4, '请填写问题（至少 4 个字）').max(200, '问题不超过 200 个字'),
  answer: z.string().trim().min(4, '请填写解答（至少 4 个字）').max(5000, '解答不超过 5000 字'),
});

/** A path on this site, or an absolute http(s) address (only the syntax is checked here). */
export function isValidLinkSyntax(url: string): boolean {
  if (/\s/.test(url)) return false;
  if (url.startsWith('/')) return !url.startsWith('//');
  try {
    const parsed = new URL(url);
    return (parsed.protocol === 'https:' || parsed.protocol === 'http:') && parsed.hostname.includes('.');
  } catch {
    return false;
  }
}

export const linkItemSchema = z.object({
  linkTitle: z.string().trim().min(2, '请填写事项名称（至少 2 个字）').max(100, '事项名称不超过 100 个字'),
  linkUrl: z.string().trim().min(1, '请填写链接地址').max(1000, '链接地址过长').refine(isValidLinkSyntax, '链接应为 https:// 开头的网址，或以 / 开头的本站地址'),
});

export const moveSchema = z.object({ direction: z.enum(['up', 'down'], { error: '请选择上移或下移' }) });

export const formLabels: Record<string, string> = {
  title: '主题库名称',
  slug: '访问地址',
  summary: '简介',
  staleAfterDays: '巡检提醒周期（天）',
  published: '公开状态',
  document: '文件',
  question: '问题',
  answer: '解答',
  linkTitle: '事项名称',
  linkUrl: '链接地址',
};
