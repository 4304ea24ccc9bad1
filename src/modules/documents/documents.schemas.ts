import sanitizeHtml from 'sanitize-html';
import { z } from 'zod';
import {
  disclosureAttributes,
  disclosureMethods,
  documentTypeCodes,
  interpretationForms,
  themes,
  withholdingReasons,
  type DocumentType,
} from './documents.vocabulary.js';

const optionalDate = z
  .string()
  .trim()
  .optional()
  .transform((v) => v || null)
  .refine((v) => v === null || (/^\d{4}-\d{2}-\d{2}$/.test(v) && !Number.isNaN(Date.parse(`${v}T00:00:00Z`))), '日期格式应为 YYYY-MM-DD');

/** 发文机关: one or several (联合发文), separated by 、 , ， ; or new lines. */
const issuersField = z
  .string()
  .trim()
  .min(1, '请填写发文机关')
  .transform((v) => [...new Set(v.split(/[、,，;；\n]+/).map((s) => s.trim()).filter(Boolean))])
  .refine((list) => list.length > 0 && list.length <= 10, '发文机关为 1–10 个')
  .refine((list) => list.every((s) => s.length >= 2 && s.length <= 60), '每个发文机关名称为 2–60 个字');

const checkbox = z.string().optional().transform((v) => v === 'on' || v === '1' || v === 'true');

/** The rich-text body: only structural tags survive; scripts, styles and event handlers never do. */
export function sanitizeBody(html: string): string {
  return sanitizeHtml(html, {
    allowedTags: ['p', 'br', 'h2', 'h3', 'h4', 'strong', 'em', 'b', 'i', 'u', 'ul', 'ol', 'li', 'blockquote', 'table', 'thead', 'tbody', 'tr', 'th', 'td', 'a', 'img', 'span', 'sup', 'sub'],
    allowedAttributes: { a: ['href', 'title'], img: ['src', 'alt', 'width', 'height'], td: ['colspan', 'rowspan'], th: ['colspan', 'rowspan', 'scope'] },
    allowedSchemes: ['http', 'https', 'mailto'],
    allowedSchemesByTag: { img: ['data', 'https'] },
    allowProtocolRelative: false,
  });
}

/** Plain text of a (sanitized) body, for scanning and search; paragraphs become new lines. */
export function bodyText(html: string): string {
  const withBreaks = html.replace(/<\/(p|h[2-4]|li|tr|blockquote)>|<br\s*\/?>/gi, '\n');
  return sanitizeHtml(withBreaks, { allowedTags: [], allowedAttributes: {} })
    .replace(/&nbsp;/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/** Plain text typed into the editor becomes paragraphs; HTML (from the editor or a .docx) is sanitized. */
export function bodyHtmlFromInput(input: string): string {
  const trimmed = input.trim();
  if (/<(p|div|h[1-6]|ul|ol|table|br)\b/i.test(trimmed)) return sanitizeBody(trimmed);
  return trimmed
    .split(/\r?\n\s*\r?\n|\r?\n/)
    .map((line) => line.trim())
    .filter(Boolean)
    .map((line) => `<p>${sanitizeHtml(line, { allowedTags: [], allowedAttributes: {} })}</p>`)
    .join('');
}

export const documentInputSchema = z
  .object({
    type: z.enum(documentTypeCodes as [DocumentType, ...DocumentType[]], { error: '请选择文件类型' }),
    title: z.string().trim().min(4, '请填写标题（至少 4 个字）').max(200, '标题不超过 200 个字'),
    docNumber: z.string().trim().max(100, '文号不超过 100 个字').optional().transform((v) => v || null),
    issuers: issuersField,
    theme: z.union([z.literal(''), z.enum(themes)], { error: '请选择主题分类' }).optional().transform((v) => v || null),
    writtenOn: optionalDate,
    effectiveOn: optionalDate,
    expiresOn: optionalDate,
    disclosureMethod: z.enum(disclosureMethods, { error: '请选择公开方式' }).default('政府网站'),
    audienceTags: z.string().trim().max(300, '适用对象标签过长').optional().transform((v) => [...new Set((v ?? '').split(/[、,，\s]+/).filter(Boolean))]),
    needsInterpretation: checkbox,
    servicePolicy: checkbox,
    interpretationForm: z.union([z.literal(''), z.enum(Object.keys(interpretationForms) as [string, ...string[]])]).optional().transform((v) => v || null),
    interpretsId: z.string().optional().transform((v) => (v ? Number(v) : null)).refine((v) => v === null || (Number.isInteger(v) && v > 0), '请选择所解读的政策文件'),
    body: z.string().max(2_000_000, '正文过长').transform(bodyHtmlFromInput).refine((html) => bodyText(html).length >= 10, '请填写正文（至少 10 个字）'),
    note: z.string().trim().max(200, '修改说明不超过 200 字').optional().transform((v) => v ?? ''),
  })
  .superRefine((v, ctx) => {
    if (v.type === 'interpretation') {
      if (!v.interpretsId) ctx.addIssue({ code: 'custom', path: ['interpretsId'], message: '政策解读须关联所解读的政策文件' });
      if (!v.interpretationForm) ctx.addIssue({ code: 'custom', path: ['interpretationForm'], message: '请选择解读形式' });
    }
    if (v.effectiveOn && v.expiresOn && v.expiresOn < v.effectiveOn) ctx.addIssue({ code: 'custom', path: ['expiresOn'], message: '有效期至不能早于施行日期' });
    if (v.writtenOn && v.effectiveOn && v.effectiveOn < v.writtenOn) ctx.addIssue({ code: 'custom', path: ['effectiveOn'], message: '施行日期不能早于成文日期' });
  });
export type DocumentInput = z.output<typeof documentInputSchema>;

export const attributeDecisionSchema = z
  .object({
    disclosure: z.enum(Object.keys(disclosureAttributes) as [string, ...string[]], { error: '请选择公开属性' }),
    reason: z.union([z.literal(''), z.enum(Object.keys(withholdingReasons) as [string, ...string[]])]).optional().transform((v) => v || null),
    targeted: checkbox,
    recipients: z.string().trim().max(2000).optional().transform((v) => [...new Set((v ?? '').split(/[、,，;；\s]+/).map((s) => s.toLowerCase()).filter(Boolean))]),
  })
  .superRefine((v, ctx) => {
    if (v.disclosure === 'withheld' && !v.reason) ctx.addIssue({ code: 'custom', path: ['reason'], message: '不予公开须选择法定理由' });
    if (v.targeted && v.recipients.length === 0) ctx.addIssue({ code: 'custom', path: ['recipients'], message: '定向公开须填写接收账号（电子邮箱或手机号）' });
    if (v.targeted && v.disclosure !== 'proactive') ctx.addIssue({ code: 'custom', path: ['targeted'], message: '定向公开仅适用于可公开的信息' });
  });
export type AttributeDecision = z.output<typeof attributeDecisionSchema>;

export const reviewInputSchema = z.object({
  decision: z.enum(['approve', 'reject'], { error: '请选择审查结论' }),
  comment: z.string().trim().max(1000, '意见不超过 1000 字').optional().transform((v) => v ?? ''),
  version: z.coerce.number().int().positive(),
});

export const withdrawSchema = z.object({ reason: z.string().trim().min(4, '请填写撤回理由（至少 4 个字）').max(500, '撤回理由不超过 500 字') });
export const overrideSchema = z.object({ reason: z.string().trim().min(4, '请填写忽略理由（至少 4 个字）').max(500, '理由不超过 500 字') });
