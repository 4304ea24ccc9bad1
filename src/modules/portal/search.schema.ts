import { z } from 'zod';
import type { SearchQuery } from '../../platform/search/search.types.js';
import { pageParam, themeParam, typeParam, validityParam, yearParam } from '../documents/portal/list.schemas.js';

/** The search parameters of /search and GET /api/v1/search: one schema, so both say the same in Chinese. */

export const MAX_QUERY_LENGTH = 100;
export const SEARCH_PAGE_SIZE = 10;

export const searchParams = z.object({
  q: z.string({ error: '检索词不正确' }).trim().max(MAX_QUERY_LENGTH, `检索词不超过 ${MAX_QUERY_LENGTH} 个字`).default('').describe('检索词：标题、正文关键词、文号或索引号；不超过 100 字'),
  type: typeParam.optional().describe('文件类型'),
  issuer: z.string({ error: '发文机关不正确' }).trim().min(2, '发文机关名称至少 2 个字').max(60, '发文机关名称不超过 60 个字').optional().describe('发文机关（完整名称）'),
  year: yearParam.optional().describe('发布年份'),
  validity: validityParam.optional().describe('效力状态'),
  theme: themeParam.optional().describe('主题分类'),
  order: z.enum(['relevance', 'date'], { error: '排序方式应为 relevance（相关度）或 date（发布日期）' }).default('relevance').describe('排序：relevance 相关度，date 发布日期（新的在前）'),
  page: pageParam.default(1).describe('页码，从 1 开始'),
  scope: z.enum(['site', 'all'], { error: '检索范围应为 site（本站）或 all（全部站点）' }).default('site').describe('检索范围：site 本站，all 本平台全部站点（集约化站群）'),
});
export type SearchParams = z.infer<typeof searchParams>;

export const apiSearchParams = searchParams.extend({
  pageSize: z.coerce.number({ error: '每页条数应为 1–50 的整数' }).int('每页条数应为 1–50 的整数').min(1, '每页条数应为 1–50 的整数').max(50, '每页条数应为 1–50 的整数').default(10).describe('每页条数，1–50，默认 10'),
});

export const searchResultSchema = z.object({
  total: z.number().int().describe('符合条件的文件总数（仅计您有权查看的文件）'),
  items: z.array(
    z.object({
      id: z.number().int().describe('文件编号'),
      title: z.string(),
      docNumber: z.string().nullable().describe('文号'),
      publishedAt: z.string().describe('发布时间（ISO 8601）'),
      url: z.string().describe('文件页面地址'),
      snippet: z.string().describe('摘要：已转义的 HTML，命中的词包在 <mark> 中'),
    }),
  ),
});

/** Whether the visitor asked for anything (words or a filter); a bare /search shows the form only. */
export const hasCriteria = (p: SearchParams): boolean => Boolean(p.q || p.type || p.issuer || p.year || p.validity || p.theme);

export function toSearchQuery(p: SearchParams, siteId: number, viewerAccountId: number | null, pageSize = SEARCH_PAGE_SIZE): SearchQuery {
  return {
    q: p.q, siteIds: p.scope === 'all' ? undefined : [siteId], type: p.type, issuer: p.issuer, year: p.year, validity: p.validity, theme: p.theme,
    order: p.order, page: p.page, pageSize, viewerAccountId,
  };
}

/** A hit's address: its own path on this site, or the full address on the site it belongs to. */
export function hitUrl(hit: { siteId: number; url: string }, current: { id: number }, hostOf: (siteId: number) => string | undefined, protocol: string): string {
  if (hit.siteId === current.id) return hit.url;
  const host = hostOf(hit.siteId);
  return host ? `${protocol}://${host}${hit.url}` : hit.url;
}

/** The document id of a search entry key ('document:123' → 123). */
export const documentIdOfKey = (key: string): number | null => {
  const match = /^document:(\d+)$/.exec(key);
  return match ? Number(match[1]) : null;
};
