import type { FastifyInstance, FastifyRequest } from 'fastify';
import { consolePage } from '../../app/console-page.js';
import { requireStaff } from '../../app/guards.js';
import type { Services } from '../../app/services.js';
import { notFound } from '../../platform/http/errors.js';
import { fieldErrors } from '../../platform/outcome.js';
import { ErrorSummary, Form, Notice, SelectField, TextArea, type Errors, type Values } from '../../platform/views/forms.js';
import type { StaffRole } from '../accounts/roles.js';
import * as documents from '../documents/documents.store.js';
import { documentStatuses, type DocumentStatus } from '../documents/documents.vocabulary.js';
import { criteria, rubric, scoreLabels, scoreSchema, SCORE_MAX, SCORE_MIN } from './rubric.js';
import { scoreboard, scoreInterpretation, scoringRefusal, summarize, type Expert } from './scores.service.js';
import * as store from './scores.store.js';

/** Who sees the scores (解读评审); only experts score. */
export const scoreViewerRoles: StaffRole[] = ['expert', 'reviewer', 'admin'];
export const scoreDetailRoles: StaffRole[] = ['reviewer', 'admin'];

const fmt = (n: number | null) => (n === null ? '—' : n.toFixed(2));
const statusLabel = (s: string) => documentStatuses[s as DocumentStatus] ?? s;
const scoreOptions = Array.from({ length: SCORE_MAX - SCORE_MIN + 1 }, (_, i) => String(SCORE_MAX - i)).map((v) => ({ value: v, label: `${v} 分` }));

export function interpretationScoreRoutes(app: FastifyInstance, services: Services) {
  const db = services.database.db;
  const expertOf = (request: FastifyRequest): Expert => {
    const viewer = request.viewer!;
    return { ...request.auditActor(), id: viewer.id, siteId: request.site.id, roles: viewer.roles };
  };

  async function interpretation(request: FastifyRequest<{ Params: { id: string } }>) {
    const id = Number(request.params.id);
    const doc = Number.isInteger(id) && id > 0 && id <= 2_147_483_647 ? await documents.findDocument(db, id) : undefined;
    if (!doc || doc.site_id !== request.site.id || doc.type !== 'interpretation' || !store.scorableStatuses.includes(doc.status)) throw notFound('该政策解读');
    return doc;
  }

  async function scorePage(request: FastifyRequest<{ Params: { id: string } }>, values: Values | undefined, errors: Errors) {
    const doc = await interpretation(request);
    const expert = expertOf(request);
    const refusal = await scoringRefusal(db, doc.id, expert);
    const mine = await store.findScore(db, doc.id, expert.id);
    const current: Values = values ?? (mine ? { ...Object.fromEntries(criteria.map((c) => [c, String(mine[c])])), comment: mine.comment } : {});
    return consolePage(request, `解读评分：${doc.title}`, (
      <>
        <ErrorSummary errors={errors} labels={scoreLabels} />
        <p class="meta">状态：{statusLabel(doc.status)}{mine ? `；您已于 ${mine.updated_at.slice(0, 10)} 评分，可修改` : ''}</p>
        {refusal && !errors[''] ? <Notice kind="warning">{refusal}</Notice> : null}
        {refusal ? null : (
          <Form action={`/console/interpretation-scores/${doc.id}/score`} csrfToken={request.csrfToken()} class="form-narrow" label="解读评分">
            {criteria.map((c) => (
              <SelectField key={c} name={c} label={rubric[c].label} hint={rubric[c].hint} values={current} errors={errors} required options={scoreOptions} placeholder="请选择" />
            ))}
            <TextArea name="comment" label="评语（可选）" values={current} errors={errors} rows={4} maxLength={1000} />
            <div class="actions"><button class="button" type="submit">{mine ? '修改评分' : '提交评分'}</button><a href="/console/interpretation-scores">返回</a></div>
          </Form>
        )}
      </>
    ));
  }

  app.get<{ Querystring: { done?: string } }>('/console/interpretation-scores', async (request, reply) => {
    const viewer = requireStaff(request, scoreViewerRoles);
    const rows = await scoreboard(db, request.site.id, viewer.id);
    const isExpert = viewer.roles.includes('expert');
    const seesDetail = viewer.isPlatformAdmin || scoreDetailRoles.some((r) => viewer.roles.includes(r));
    return reply.page(consolePage(request, '解读评审', (
      <>
        {request.query.done ? <Notice kind="success">评分已保存。</Notice> : null}
        <p>评审专家按 {criteria.map((c) => rubric[c].label).join('、')} 五项（各 {SCORE_MIN}–{SCORE_MAX} 分）为政策解读评分；每位专家对每篇解读一份评分，可修改；不能评审本人起草的解读。</p>
        {rows.length === 0 ? <p class="empty">暂无送审或已发布的政策解读。</p> : (
          <div class="table-wrap">
            <table class="data">
              <thead><tr><th>政策解读</th><th>所解读政策</th><th>状态</th><th>评分数</th><th>平均分</th>{criteria.map((c) => <th key={c}>{rubric[c].label}</th>)}<th>操作</th></tr></thead>
              <tbody>
                {rows.map((r) => (
                  <tr key={r.id}>
                    <td>{r.title}</td>
                    <td>{r.policyTitle ?? '—'}</td>
                    <td>{statusLabel(r.status)}</td>
                    <td>{r.summary.count}</td>
                    <td>{fmt(r.summary.average)}</td>
                    {criteria.map((c) => <td key={c}>{fmt(r.summary.byCriterion[c])}</td>)}
                    <td class="actions">
                      {isExpert ? (r.owner_id === viewer.id ? <span class="meta">本人起草</span> : <a href={`/console/interpretation-scores/${r.id}/score`}>{r.mine ? '修改评分' : '评分'}</a>) : null}
                      {seesDetail ? <a href={`/console/interpretation-scores/${r.id}`}>评分明细</a> : null}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </>
    )));
  });

  app.get<{ Params: { id: string } }>('/console/interpretation-scores/:id', async (request, reply) => {
    requireStaff(request, scoreDetailRoles);
    const doc = await interpretation(request);
    const scores = await store.scoresOf(db, [doc.id]);
    const names = await store.expertNames(db, scores.map((s) => s.expert_id));
    const summary = summarize(scores);
    return reply.page(consolePage(request, `评分明细：${doc.title}`, (
      <>
        <p class="meta">状态：{statusLabel(doc.status)}；评分 {summary.count} 份，平均 {fmt(summary.average)} 分</p>
        {scores.length === 0 ? <p class="empty">尚无专家评分。</p> : (
          <div class="table-wrap">
            <table class="data">
              <thead><tr><th>专家</th>{criteria.map((c) => <th key={c}>{rubric[c].label}</th>)}<th>评语</th><th>时间</th></tr></thead>
              <tbody>
                {scores.map((s) => (
                  <tr key={s.id}><td>{names.get(s.expert_id)}</td>{criteria.map((c) => <td key={c}>{s[c]}</td>)}<td>{s.comment}</td><td>{s.updated_at.slice(0, 10)}</td></tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        <p><a href="/console/interpretation-scores">返回</a></p>
      </>
    )));
  });

  app.get<{ Params: { id: string } }>('/console/interpretation-scores/:id/score', async (request, reply) => {
    requireStaff(request, ['expert']);
    return reply.page(await scorePage(request, undefined, {}));
  });

  app.post<{ Params: { id: string } }>('/console/interpretation-scores/:id/score', async (request, reply) => {
    requireStaff(request, ['expert']);
    const body = (request.body ?? {}) as Values;
    const parsed = scoreSchema.safeParse(body);
    if (!parsed.success) return reply.page(await scorePage(request, body, fieldErrors(parsed.error.issues)), 422);
    const doc = await interpretation(request);
    const outcome = await scoreInterpretation(services.database, doc.id, parsed.data, expertOf(request));
    if (!outcome.ok) return reply.page(await scorePage(request, body, outcome.errors), 422);
    return reply.redirect('/console/interpretation-scores?done=1', 303);
  });
}
