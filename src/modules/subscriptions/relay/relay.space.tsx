import type { FastifyInstance, FastifyRequest } from 'fastify';
import { requirePublicUser } from '../../../app/guards.js';
import type { Services } from '../../../app/services.js';
import { notFound } from '../../../platform/http/errors.js';
import { ErrorSummary, Form, Notice, SelectField, TextArea, TextField, type Errors, type Values } from '../../../platform/views/forms.js';
import { todayInBeijing } from '../../applications/report/report.service.js';
import { spacePage } from '../../space/space.routes.js';
import { memberApplyLabels, reportLabels } from './relay.schemas.js';
import { applyAsMember, NOT_RECEIVED, relayPath, reportRelay, setSubscription } from './relay.service.js';
import * as store from './relay.store.js';
import { label, MAX_REACH, memberStatuses, relayChannels, relayTypes } from './relay.vocabulary.js';
import { relayDownloadHref } from './relay.views.js';

const typeOptions = Object.entries(relayTypes).map(([value, l]) => ({ value, label: l }));
const channelOptions = Object.entries(relayChannels).map(([value, l]) => ({ value, label: l }));
const fmtDate = (iso: string | null) => (iso ? new Date(Date.parse(iso) + 8 * 3_600_000).toISOString().slice(0, 10) : '');

type Failed = { form: 'apply' | 'report'; packageId?: string; values: Values; errors: Errors };

/** /space/relay: an organisation applies to be a relay point, receives packages and records each relay. */
export function relaySpaceRoutes(app: FastifyInstance, services: Services) {
  const database = services.database;
  const db = database.db;

  async function page(request: FastifyRequest, notice: string | null, failed?: Failed) {
    const viewer = request.viewer!;
    if (viewer.kind !== 'organization') {
      return spacePage(request, '政策知识点', (
        <>
          <h1>政策知识点</h1>
          {failed?.errors[''] ? <div class="error-summary" role="alert"><p>{failed.errors['']}</p></div> : null}
          <p>政策知识点转发点面向协会、商会、园区、法律服务机构、居（村）民委员会等<strong>组织</strong>：它们收到政策原文、解读、常见问答和宣传口径打包的“政策知识点”，在窗口、会议、微信群、宣传栏等线下渠道转发，并在这里登记转发情况。</p>
          <p>您使用的是个人账号，不能申请成为转发点。已发布的政策知识点对所有人公开，您可以在政策文件页面和推送消息中阅读和下载；如需按主题接收政策，请使用<a href="/space/subscriptions">我的订阅</a>。</p>
        </>
      ));
    }
    const member = await store.findMember(db, request.site.id, viewer.id);
    const received = member ? await store.receivedPackages(db, request.site.id, viewer.id, 100) : [];
    const apply = failed?.form === 'apply' ? failed : { values: member?.status === 'rejected' ? { relay_type: member.relay_type, area: member.area, notes: member.notes } : {}, errors: {} as Errors };
    return spacePage(request, '政策知识点', (
      <>
        <h1>政策知识点</h1>
        {notice ? <Notice kind="success">{notice}</Notice> : null}
        {apply.errors[''] ? <div class="error-summary" role="alert"><p>{apply.errors['']}</p></div> : null}
        {!member || member.status === 'rejected' ? (
          <section class="panel">
            <h2>申请成为转发点</h2>
            <p>协会、商会、园区、法律服务机构、居（村）民委员会可以申请成为转发点，审核通过后会在消息中心收到政策知识点（原文要点、解读、常见问答、宣传口径，可下载 Word 和 PDF），转发后请在本页登记。</p>
            {member?.status === 'rejected' ? <Notice kind="warning">上次申请未通过{member.decision_note ? `：${member.decision_note}` : ''}。可修改后重新申请。</Notice> : null}
            <ErrorSummary errors={Object.fromEntries(Object.entries(apply.errors).filter(([k]) => k))} labels={memberApplyLabels} idPrefix="a-" />
            <Form action="/space/relay/apply" csrfToken={request.csrfToken()} class="form-narrow" label="申请成为转发点">
              <SelectField name="relay_type" idPrefix="a-" label={memberApplyLabels.relay_type} values={apply.values} errors={apply.errors} options={typeOptions} placeholder="请选择" required />
              <TextField name="area" idPrefix="a-" label={memberApplyLabels.area} values={apply.values} errors={apply.errors} required maxLength={60} hint="例如「浦东新区张江镇」或「本会 320 家会员企业」" />
              <TextArea name="notes" idPrefix="a-" label={memberApplyLabels.notes} values={apply.values} errors={apply.errors} rows={3} maxLength={500} hint="可选：联系人、常用转发渠道等" />
              <div class="actions"><button class="button" type="submit">提交申请</button></div>
            </Form>
          </section>
        ) : (
          <section class="panel">
            <h2>转发点信息</h2>
            <p>{label(relayTypes, member.relay_type)} · {member.area} · <strong>{label(memberStatuses, member.status)}</strong></p>
            {member.status === 'pending' ? <p>申请正在审核中，审核通过后即可接收政策知识点。</p> : (
              <Form action="/space/relay/subscription" csrfToken={request.csrfToken()} label="订阅设置">
                <p>{member.subscribed ? '正在接收新发布的政策知识点。' : '已暂停接收新发布的政策知识点。'}</p>
                <input type="hidden" name="subscribed" value={member.subscribed ? '0' : '1'} />
                <button class="button button-secondary" type="submit">{member.subscribed ? '暂停接收' : '恢复接收'}</button>
              </Form>
            )}
          </section>
        )}
        {member ? (
          <section>
            <h2>收到的政策知识点</h2>
            {received.length === 0 ? <p class="empty">还没有收到政策知识点。</p> : received.map((p) => {
              const mine = failed?.form === 'report' && failed.packageId === String(p.id) ? failed : undefined;
              const values = mine?.values ?? { relayed_on: todayInBeijing(), channel: '', reach: '', note: '' };
              const errors = mine?.errors ?? {};
              const prefix = `p${p.id}-`;
              return (
                <article class="panel" key={p.id}>
                  <h3><a href={relayPath(p.id)}>{p.title}</a></h3>
                  <p class="meta">发布日期 {fmtDate(p.published_at)} · 已登记转发 {Number(p.reports ?? 0)} 次，覆盖 {Number(p.reach ?? 0)} 人</p>
                  <p><a href={relayDownloadHref(p.id, 'docx')}>下载 Word 版</a> · <a href={relayDownloadHref(p.id, 'pdf')}>下载 PDF 版</a></p>
                  <details open={mine ? true : undefined}>
                    <summary>登记一次转发</summary>
                    <ErrorSummary errors={errors} labels={reportLabels} idPrefix={prefix} />
                    <Form action="/space/relay/report" csrfToken={request.csrfToken()} class="form-narrow" label={`登记转发：${p.title}`}>
                      <input type="hidden" name="package_id" value={String(p.id)} />
                      <TextField name="relayed_on" idPrefix={prefix} type="date" label={reportLabels.relayed_on} values={values} errors={errors} required />
                      <SelectField name="channel" idPrefix={prefix} label={reportLabels.channel} values={values} errors={errors} options={channelOptions} placeholder="请选择" required />
                      <TextField name="reach" idPrefix={prefix} label={reportLabels.reach} values={values} errors={errors} required inputMode="numeric" maxLength={9} hint={`本次转发大约覆盖的人数，1 至 ${MAX_REACH.toLocaleString('zh-CN')}`} />
                      <TextArea name="note" idPrefix={prefix} label={reportLabels.note} values={values} errors={errors} rows={2} maxLength={500} />
                      <div class="actions"><button class="button" type="submit">登记</button></div>
                    </Form>
                  </details>
                </article>
              );
            })}
          </section>
        ) : null}
      </>
    ));
  }

  app.get<{ Querystring: { done?: string } }>('/space/relay', async (request, reply) => {
    requirePublicUser(request);
    const notices: Record<string, string> = { applied: '申请已提交，请等待审核。', reported: '转发情况已登记，谢谢。', subscription: '设置已保存。' };
    return reply.page(await page(request, notices[request.query.done ?? ''] ?? null));
  });

  app.post('/space/relay/apply', async (request, reply) => {
    const viewer = requirePublicUser(request);
    const body = (request.body ?? {}) as Values;
    const outcome = await applyAsMember(database, request.site.id, viewer, body, request.auditActor());
    if (!outcome.ok) return reply.page(await page(request, null, { form: 'apply', values: body, errors: outcome.errors }), 422);
    return reply.redirect('/space/relay?done=applied', 303);
  });

  app.post('/space/relay/subscription', async (request, reply) => {
    const viewer = requirePublicUser(request);
    const body = (request.body ?? {}) as Values;
    const outcome = await setSubscription(database, request.site.id, viewer.id, body.subscribed === '1', request.auditActor());
    if (!outcome.ok) return reply.page(await page(request, null, { form: 'apply', values: {}, errors: outcome.errors }), 422);
    return reply.redirect('/space/relay?done=subscription', 303);
  });

  app.post('/space/relay/report', async (request, reply) => {
    const viewer = requirePublicUser(request);
    const body = (request.body ?? {}) as Values;
    const outcome = await reportRelay(database, request.site.id, viewer.id, body, request.auditActor());
    if (!outcome.ok) {
      if (outcome.errors[''] === NOT_RECEIVED) throw notFound('该政策知识点');
      return reply.page(await page(request, null, { form: 'report', packageId: String(body.package_id ?? ''), values: body, errors: outcome.errors }), 422);
    }
    return reply.redirect('/space/relay?done=reported', 303);
  });
}
