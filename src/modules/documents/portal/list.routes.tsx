import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Services } from '../../../app/services.js';
import type { Crumb } from '../../../platform/views/PortalFrame.js';
import type { DocumentType } from '../documents.vocabulary.js';
import { cacheLibraryPage, pageCacheFor, sendPage, toPage, type Page, type Rendered } from './cache.js';
import { formLabel, isPolicyType, typeLabel, validityLabel } from './format.js';
import { renderLibraryPage } from './frame.js';
import { canonicalQuery, issuesByField, listQuery, PAGE_SIZE, withoutBlanks, type ListQuery } from './list.schemas.js';
import { ListPage, TypeLinks } from './list.views.js';
import { listPublic, type ListFilters } from './public-store.js';
import { columnOfType } from './sections.js';

const POLICY_TYPES: DocumentType[] = ['regulation', 'normative', 'other'];

interface ListSpec {
  /** Where the filter form and the pager go. */
  action: string;
  title: string;
  lede?: string;
  crumbs: Crumb[];
  filters: ListFilters;
  /** The 现行有效 lists fix the validity (and show no validity filter). */
  current: boolean;
}

function describe(q: ListQuery, current: boolean): Omit<ListSpec, 'filters' | 'action' | 'current'> {
  const what = q.type ? (q.type === 'interpretation' && q.form ? formLabel(q.form) : typeLabel(q.type)) : current ? '政策文件' : '政策文件库';
  const parts = [q.theme ? `主题：${q.theme}` : '', q.year ? `${q.year} 年` : '', !current && q.validity ? validityLabel(q.validity) : ''].filter(Boolean);
  const title = `${current ? '现行有效的' : ''}${what}${parts.length ? `（${parts.join('，')}）` : ''}`;
  const lede = current
    ? '本列表只列出已发布、主动公开且现行有效的文件；已修改、已废止、已失效的文件不在其中。'
    : q.type && isPolicyType(q.type) ? '每件文件均标注效力状态。' : undefined;
  const crumbs: Crumb[] = current ? [{ label: '政策文件库', href: '/documents' }, { label: '现行有效' }] : q.type || q.theme || q.year || q.validity ? [{ label: '政策文件库', href: '/documents' }, { label: what }] : [{ label: '政策文件库' }];
  return { title, lede, crumbs };
}

/** The library lists: /documents (by type, theme, year, validity) and /policies/current (现行有效). */
export function documentListRoutes(app: FastifyInstance, services: Services) {
  const db = services.database.db;
  const cache = pageCacheFor(services);

  async function render(request: FastifyRequest, spec: ListSpec, q: ListQuery, values: Record<string, string | number | undefined>): Promise<Rendered> {
    const { total, rows } = await listPublic(db, request.site.id, spec.filters, { limit: PAGE_SIZE, offset: (q.page - 1) * PAGE_SIZE });
    const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
    const href = (page: number) => `${spec.action}${canonicalQuery(values, page)}`;
    const feedQuery = canonicalQuery({ type: q.type, theme: q.theme });
    const html = renderLibraryPage(
      request,
      { title: spec.title, path: href(q.page), crumbs: spec.crumbs, activeColumn: q.type ? columnOfType(request.site.columns, q.type) : undefined },
      <>
        <ListPage title={spec.title} lede={spec.lede} action={spec.action} values={values} errors={{}} fixedType={spec.current} result={{ total, docs: rows, page: q.page, pages, href }} feedQuery={feedQuery} />
        {spec.action === '/documents' && !q.type ? <TypeLinks /> : null}
      </>,
    );
    return { status: 200, html };
  }

  async function handle(request: FastifyRequest, current: boolean): Promise<Page> {
    const action = current ? '/policies/current' : '/documents';
    const raw = withoutBlanks(request.query);
    const parsed = listQuery.safeParse(raw);
    if (!parsed.success) {
      const errors = issuesByField(parsed.error);
      const title = current ? '现行有效的政策文件' : '政策文件库';
      const html = renderLibraryPage(
        request,
        { title, path: action, crumbs: [{ label: title }] },
        <ListPage title={title} action={action} values={raw} errors={errors} fixedType={current} feedQuery="" />,
      );
      return toPage({ status: 422, html });
    }
    const q = parsed.data;
    const filters: ListFilters = {
      types: q.type ? [q.type] : current ? POLICY_TYPES : undefined,
      theme: q.theme,
      year: q.year,
      validity: current ? 'current' : q.validity,
      form: q.type === 'interpretation' ? q.form : undefined,
    };
    const values = { type: q.type, theme: q.theme, year: q.year, validity: current ? undefined : q.validity, form: filters.form };
    const spec: ListSpec = { action, ...describe(q, current), filters, current };
    const key = `${action}${canonicalQuery(values, q.page)}`;
    return (await cache.get(request.site, key, () => render(request, spec, q, values)))!;
  }

  app.get('/documents', async (request, reply) => {
    const page = await handle(request, false);
    cacheLibraryPage(reply);
    return sendPage(request, reply, page);
  });

  app.get('/policies/current', async (request, reply) => {
    const page = await handle(request, true);
    cacheLibraryPage(reply);
    return sendPage(request, reply, page);
  });
}
