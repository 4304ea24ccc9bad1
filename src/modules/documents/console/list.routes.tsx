import type { FastifyInstance } from 'fastify';
import { consolePage } from '../../../app/console-page.js';
import { requireStaff } from '../../../app/guards.js';
import { parseId } from '../../../platform/http/ids.js';
import { SelectField, TextField } from '../../../platform/views/forms.js';
import { listDocuments } from '../documents.console-queries.js';
import { documentStatuses, documentTypes, validityStates } from '../documents.vocabulary.js';
import { access, canUse, fmtTime, statusTagClass, validityTagClass, type ConsoleContext } from './context.js';
import { withoutNul } from './multipart.js';

const PAGE_SIZE = 20;
type Query = Record<string, string | string[] | undefined>;

const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v) ?? '';
/** A filter value only when it is one of the vocabulary's codes; anything else means "all". */
const pick = (v: string, vocabulary: Record<string, string>) => (Object.hasOwn(vocabulary, v) ? v : '');

export function listRoutes(app: FastifyInstance, ctx: ConsoleContext) {
  app.get<{ Querystring: Query }>('/console/documents', async (request, reply) => {
    const viewer = requireStaff(request, access.library);
    const filters = {
      status: pick(one(request.query.status), documentStatuses),
      type: pick(one(request.query.type), documentTypes),
      validity: pick(one(request.query.validity), validityStates),
      q: withoutNul(one(request.query.q)).trim().slice(0, 100),
      mine: one(request.query.mine) === '1' ? '1' : '',
    };
    const page = Math.min(parseId(one(request.query.page)) ?? 1, 100_000);
    const { total, rows } = await listDocuments(ctx.services.database.db, request.site.id, {
      ...filters,
      ownerId: filters.mine ? viewer.id : undefined,
      page,
      pageSize: PAGE_SIZE,
    });
    const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
    const link = (p: number) => {
      const params = new URLSearchParams(Object.entries({ ...filters, page: String(p) }).filter(([, v]) => v));
      return `/console/documents?${params.toString()}`;
    };
    const options = (vocabulary: Record<string, string>) => Object.entries(vocabulary).map(([value, label]) => ({ value, label }));
    return reply.page(consolePage(request, '政策文件库', (
      <>
        {canUse(viewer, access.edit) ? (
          <p class="actions">
            <a class="button" href="/console/documents/new">新建文件</a>
            <a class="button button-secondary" href="/console/documents/new?type=interpretation">新建政策解读</a>
          </p>
        ) : null}
        <form method="get" action="/console/documents" class="filters" aria-label="筛选文件">
          <SelectField name="status" label="状态" values={filters} errors={{}} placeholder="全部" options={options(documentStatuses)} />
          <SelectField name="type" label="类型" values={filters} errors={{}} placeholder="全部" options={options(documentTypes)} />
          <SelectField name="validity" label="效力" values={filters} errors={{}} placeholder="全部" options={options(validityStates)} />
          <TextField name="q" type="search" label="关键词" hint="标题、文号或索引号" values={filters} errors={{}} maxLength={100} />
          <div class="field choice">
            <input type="checkbox" id="f-mine" name="mine" value="1" checked={filters.mine === '1'} />
            <label for="f-mine">只看我负责的</label>
          </div>
          <button type="submit" class="button">筛选</button>
        </form>
        <p class="meta" role="status">共 {total} 件{total ? `，第 ${Math.min(page, pages)}/${pages} 页` : ''}</p>
        {rows.length === 0 ? (
          <p class="empty">没有符合条件的文件。</p>
        ) : (
          <div class="table-wrap">
            <table class="data">
              <caption class="visually-hidden">文件列表</caption>
              <thead><tr><th scope="col">标题</th><th scope="col">类型</th><th scope="col">文号 / 索引号</th><th scope="col">状态</th><th scope="col">效力</th><th scope="col">敏感信息</th><th scope="col">更新时间</th></tr></thead>
              <tbody>
                {rows.map((d) => (
                  <tr key={d.id}>
                    <td><a href={`/console/documents/${d.id}`}>{d.title}</a></td>
                    <td>{documentTypes[d.type as keyof typeof documentTypes] ?? d.type}</td>
                    <td>{d.doc_number ?? '—'}<br /><span class="meta">{d.index_number}</span></td>
                    <td><span class={statusTagClass[d.status] ?? 'tag'}>{documentStatuses[d.status as keyof typeof documentStatuses] ?? d.status}</span></td>
                    <td><span class={validityTagClass[d.validity] ?? 'tag'}>{validityStates[d.validity as keyof typeof validityStates] ?? d.validity}</span></td>
                    <td>{d.open_findings > 0 ? <span class="tag tag-red">{d.open_findings} 处待处理</span> : <span class="meta">无</span>}</td>
                    <td>{fmtTime(d.updated_at)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        {pages > 1 ? (
          <nav class="pager" aria-label="分页">
            {page > 1 ? <a href={link(page - 1)} rel="prev">上一页</a> : null}
            {' '}<span>第 {Math.min(page, pages)} 页，共 {pages} 页</span>{' '}
            {page < pages ? <a href={link(page + 1)} rel="next">下一页</a> : null}
          </nav>
        ) : null}
      </>
    )));
  });
}
