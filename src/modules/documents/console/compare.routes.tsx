import type { FastifyInstance } from 'fastify';
import { consolePage } from '../../../app/console-page.js';
import { notFound } from '../../../platform/http/errors.js';
import { parseId } from '../../../platform/http/ids.js';
import * as store from '../documents.store.js';
import { diffFields, diffText, versionSnapshot, type DiffPart, type DiffRow } from '../version-diff.js';
import { access, fmtTime, staffAndDocument, type ConsoleContext } from './context.js';

function Parts({ parts }: { parts: DiffPart[] }) {
  return (
    <>
      {parts.map((p, i) =>
        p.kind === 'added' ? <ins key={i}><span class="visually-hidden">[新增]</span>{p.text}</ins>
        : p.kind === 'removed' ? <del key={i}><span class="visually-hidden">[删除]</span>{p.text}</del>
        : <span key={i}>{p.text}</span>,
      )}
    </>
  );
}

const rowLabels = { same: '未改', added: '新增', removed: '删除', changed: '修改' } as const;

function Row({ row }: { row: DiffRow }) {
  if (row.kind === 'skipped') return <tr><td>…</td><td class="meta">（省略 {row.count} 行未改动的内容）</td></tr>;
  return (
    <tr>
      <td>{rowLabels[row.kind]}</td>
      <td>
        {row.kind === 'changed' ? <Parts parts={row.parts} />
          : row.kind === 'added' ? <ins>{row.text}</ins>
          : row.kind === 'removed' ? <del>{row.text}</del>
          : row.text}
      </td>
    </tr>
  );
}

export function compareRoutes(app: FastifyInstance, ctx: ConsoleContext) {
  const db = ctx.services.database.db;

  app.get<{ Querystring: Record<string, string | undefined> }>('/console/documents/:id/compare', async (request, reply) => {
    const { doc } = await staffAndDocument(ctx, request, access.library);
    const a = request.query.a === undefined ? Math.max(1, doc.current_version - 1) : parseId(request.query.a);
    const b = request.query.b === undefined ? doc.current_version : parseId(request.query.b);
    const [before, after] = await Promise.all([a ? store.findVersion(db, doc.id, a) : undefined, b ? store.findVersion(db, doc.id, b) : undefined]);
    if (!before || !after) throw notFound('要比较的版本');
    const fields = diffFields(versionSnapshot(before), versionSnapshot(after));
    const rows = diffText(before.body_text, after.body_text);
    const changed = rows.filter((r) => r.kind !== 'same' && r.kind !== 'skipped').length;
    return reply.page(consolePage(request, `比较版本：第 ${before.version} 版 → 第 ${after.version} 版`, (
      <>
        <p><a href={`/console/documents/${doc.id}#s-versions`}>返回《{doc.title}》</a></p>
        <p class="meta">
          第 {before.version} 版：{fmtTime(before.created_at)}，{before.note || '—'}；第 {after.version} 版：{fmtTime(after.created_at)}，{after.note || '—'}。
          删除的内容以删除线标出，新增的内容以下划线标出。
        </p>
        <h2>信息项</h2>
        {fields.length === 0 ? <p class="empty">标题和信息项没有变化。</p> : (
          <div class="table-wrap">
            <table class="data">
              <thead><tr><th scope="col">信息项</th><th scope="col">第 {before.version} 版</th><th scope="col">第 {after.version} 版</th></tr></thead>
              <tbody>{fields.map((f) => <tr key={f.field}><th scope="row">{f.label}</th><td><del>{f.before}</del></td><td><ins>{f.after}</ins></td></tr>)}</tbody>
            </table>
          </div>
        )}
        <h2>正文</h2>
        {changed === 0 ? <p class="empty">正文没有变化。</p> : (
          <div class="table-wrap">
            <table class="data">
              <caption class="visually-hidden">正文逐行比较，共 {changed} 处变化</caption>
              <thead><tr><th scope="col">变化</th><th scope="col">内容</th></tr></thead>
              <tbody>{rows.map((row, i) => <Row key={i} row={row} />)}</tbody>
            </table>
          </div>
        )}
      </>
    )));
  });
}
