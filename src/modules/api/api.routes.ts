import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Services } from '../../app/services.js';
import { addWorkingDays, CalendarInputError } from '../../platform/calendar/index.js';
import { cachePublicly } from '../../platform/http/caching.js';
import { HttpError } from '../../platform/http/errors.js';
import { buildOpenApi, type ApiOperation } from './openapi.js';
import { publicViewerId } from '../documents/portal/frame.js';
import { withoutBlanks } from '../documents/portal/list.schemas.js';
import { apiSearchParams, documentIdOfKey, hitUrl, searchResultSchema, toSearchQuery } from '../portal/search.schema.js';
import { cacheLibraryPage, noStore } from '../documents/portal/cache.js';

const errorSchema = z.object({ error: z.object({ code: z.string(), message: z.string() }) });

const siteSchema = z.object({
  name: z.string(),
  columns: z.array(z.object({ slug: z.string(), title: z.string(), description: z.string() })),
  footer: z.object({ sponsor: z.string(), siteCode: z.string(), icp: z.string(), psb: z.string(), phone: z.string(), address: z.string() }),
});

const deadlineQuery = z.object({
  start: z.iso.date({ error: 'start 须为 YYYY-MM-DD 格式的日期' }),
  workingDays: z.coerce.number({ error: 'workingDays 须为整数' }).int('workingDays 须为整数').min(0, 'workingDays 不能为负数').max(10_000, 'workingDays 过大'),
});
const deadlineResult = z.object({ start: z.string(), workingDays: z.number(), due: z.string(), warnings: z.array(z.string()) });

const meSchema = z.object({ id: z.number(), kind: z.enum(['staff', 'person', 'organization']), name: z.string(), roles: z.array(z.string()) });

export const operations: ApiOperation[] = [
  { method: 'get', path: '/api/v1/site', summary: '当前站点信息（名称、栏目、页脚）', response: siteSchema, errors: errorSchema },
  { method: 'get', path: '/api/v1/deadline', summary: '按工作日计算法定期限（起算日不计入，遇休息日顺延）', query: deadlineQuery, response: deadlineResult, errors: errorSchema },
  {
    method: 'get', path: '/api/v1/search', query: apiSearchParams, response: searchResultSchema, errors: errorSchema,
    summary: '检索已发布的文件（全文、文号、索引号；可按类型、发文机关、年份、效力状态、主题筛选）。登录的公众账号还会检索到定向公开给本人的文件',
  },
  { method: 'get', path: '/api/v1/me', summary: '当前登录账号（需会话 Cookie）', response: meSchema, errors: errorSchema },
];

function validationError(error: z.ZodError) {
  return new HttpError(400, 'invalid_input', error.issues.map((i) => i.message).join('；'));
}

export function apiRoutes(app: FastifyInstance, services: Services) {
  const openapi = buildOpenApi(operations);

  app.get('/api/v1/openapi.json', async (_request, reply) => {
    cachePublicly(reply, 300);
    return reply.send(openapi);
  });

  app.get('/api/v1/site', async (request, reply) => {
    cachePublicly(reply);
    const { name, columns, footer } = request.site;
    return reply.send(siteSchema.parse({ name, columns, footer }));
  });

  app.get('/api/v1/deadline', async (request, reply) => {
    const parsed = deadlineQuery.safeParse(request.query);
    if (!parsed.success) throw validationError(parsed.error);
    try {
      const result = addWorkingDays(parsed.data.start, parsed.data.workingDays, await services.calendar.loadCalendar());
      return reply.send(deadlineResult.parse({ ...parsed.data, due: result.due, warnings: result.warnings }));
    } catch (error) {
      if (error instanceof CalendarInputError) throw new HttpError(400, 'invalid_input', error.message);
      throw error;
    }
  });

  app.get('/api/v1/search', async (request, reply) => {
    const parsed = apiSearchParams.safeParse(withoutBlanks(request.query));
    if (!parsed.success) throw validationError(parsed.error);
    const viewerId = publicViewerId(request);
    const result = await services.search.search(toSearchQuery(parsed.data, request.site.id, viewerId, parsed.data.pageSize));
    // 定向公开 results are for the signed-in recipient only; anonymous answers may be cached briefly.
    if (viewerId === null) cacheLibraryPage(reply);
    else noStore(reply);
    return reply.send(searchResultSchema.parse({ total: result.total, items: result.items.flatMap((hit) => {
      const id = documentIdOfKey(hit.key);
      return id === null ? [] : [{ id, title: hit.title, docNumber: hit.docNumber, publishedAt: hit.publishedAt, snippet: hit.snippet, url: hitUrl(hit, request.site, (s) => services.sites.byId(s)?.hosts[0], request.protocol) }];
    }) }));
  });

  app.get('/api/v1/me', async (request, reply) => {
    const viewer = request.viewer;
    if (!viewer) throw new HttpError(401, 'unauthenticated', '未登录或会话已过期。');
    return reply.send(meSchema.parse({ id: viewer.id, kind: viewer.kind, name: viewer.name, roles: viewer.roles }));
  });
}
