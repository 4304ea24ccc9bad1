import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { consolePage } from '../../../app/console-page.js';
import { requireStaff } from '../../../app/guards.js';
import type { Services } from '../../../app/services.js';
import { appendAudit } from '../../../platform/audit/audit.service.js';
import { notFound } from '../../../platform/http/errors.js';
import { Notice } from '../../../platform/views/forms.js';
import type { StaffRole } from '../../accounts/roles.js';
import type { NotifyEventPayload } from '../notify-event.js';
import { deadDigests, deadLetters, recentEvents, redeliver, redeliverDigest } from './console.store.js';
import { categoryLabels, INBOX_JOB, sendJobName } from './deps.js';
import { DIGEST_SEND_JOB } from './digests.js';

export const DELIVERY_ROLES: StaffRole[] = ['admin'];

export const deliveryConsoleAccess: Record<string, StaffRole[]> = {
  'GET /console/deliveries': DELIVERY_ROLES,
  'POST /console/deliveries/:id/redeliver': DELIVERY_ROLES,
  'POST /console/deliveries/digests/:id/redeliver': DELIVERY_ROLES,
};

const EVENT_LIMIT = 30;
const DEAD_LIMIT = 200;
const channelLabels: Record<string, string> = { inbox: '站内信', email: '电子邮件', sms: '短信', webhook: 'Webhook' };
const columns: [string, string][] = [['matched', '匹配'], ['pending', '待发送'], ['sent', '已发送'], ['failed', '重试中'], ['dead', '失败'], ['skipped', '跳过'], ['waiting', '待摘要'], ['opened', '已打开']];

/** A personal address shown only in part: enough to recognise, not to copy. */
const masked = (address: string | null) => (address ? `${address.slice(0, 3)}***${address.includes('@') ? address.slice(address.indexOf('@')) : address.slice(-2)}` : '—');
/** daily:2026-11-25 → 每日 2026-11-25; weekly:2026-W48 → 每周 2026-W48. */
const periodLabel = (period: string) => period.replace(/^daily:/, '每日 ').replace(/^weekly:/, '每周 ');
const doneNotices: Record<string, string> = { '1': '已重新投递。', digest: '摘要已重新投递。' };

function RedeliverButton(props: { action: string; csrf: string }) {
  return (
    <form method="post" action={props.action} class="inline-form">
      <input type="hidden" name="_csrf" value={props.csrf} />
      <button type="submit" class="link-button">重新投递</button>
    </form>
  );
}

/** Console: delivery figures per event and channel, the dead deliveries and dead digests, each with 重新投递 (audited). */
export function deliveryConsoleRoutes(app: FastifyInstance, services: Services): void {
  const db = services.database.db;

  app.get<{ Querystring: { done?: string } }>('/console/deliveries', async (request, reply) => {
    requireStaff(request, DELIVERY_ROLES);
    const [events, dead, digests] = await Promise.all([
      recentEvents(db, request.site.id, EVENT_LIMIT), deadLetters(db, request.site.id, DEAD_LIMIT), deadDigests(db, request.site.id, DEAD_LIMIT),
    ]);
    const done = request.query.done ? doneNotices[request.query.done] : undefined;
    const csrf = request.csrfToken();
    const cell = (counts: Record<string, number>, key: string) => {
      if (key === 'matched') return Object.entries(counts).filter(([k]) => k !== 'opened').reduce((sum, [, n]) => sum + n, 0);
      if (key === 'waiting') return (counts.digest ?? 0) + (counts.digested ?? 0);
      if (key === 'pending') return (counts.pending ?? 0) + (counts.sending ?? 0);
      return counts[key] ?? 0;
    };
    return reply.page(consolePage(request, '订阅投递', (
      <>
        {done ? <Notice kind="success">{done}</Notice> : null}
        <p class="lede">每次发布、精准推送或政策知识点都会按订阅匹配接收人，每人每个渠道投递一次。以下为最近 {EVENT_LIMIT} 个事件的投递情况。</p>
        {events.length === 0 ? <p class="empty">还没有投递事件。</p> : (
          <table class="data">
            <thead><tr><th>事件</th><th>渠道</th>{columns.map(([, label]) => <th key={label}>{label}</th>)}</tr></thead>
            <tbody>
              {events.flatMap((e) => {
                const channels = Object.entries(e.channels);
                const label = categoryLabels[e.kind] ?? e.kind;
                // Push and relay titles already say what they are ("政策知识点：…").
                const named = e.title.startsWith(label) ? e.title : `${label}：${e.title}`;
                const title = `${named}${e.status === 'matching' ? '（匹配中）' : ''}`;
                if (!channels.length) return [<tr key={`${e.id}`}><td>{title}</td><td colspan={columns.length + 1}>无匹配的接收人</td></tr>];
                return channels.map(([channel, counts], i) => (
                  <tr key={`${e.id}-${channel}`}>
                    <td>{i === 0 ? title : ''}</td>
                    <td>{channelLabels[channel] ?? channel}</td>
                    {columns.map(([key]) => <td key={key}>{cell(counts, key)}</td>)}
                  </tr>
                ));
              })}
            </tbody>
          </table>
        )}
        <h2>投递失败（死信）</h2>
        {dead.length === 0 ? <p class="empty">没有投递失败的消息。</p> : (
          <table class="data">
            <thead><tr><th>事件</th><th>渠道</th><th>接收地址</th><th>尝试次数</th><th>最后错误</th><th>操作</th></tr></thead>
            <tbody>
              {dead.map((d) => (
                <tr key={d.id}>
                  <td>{(JSON.parse(d.payload) as NotifyEventPayload).title}</td>
                  <td>{channelLabels[d.channel] ?? d.channel}</td>
                  <td>{d.channel === 'webhook' ? `端点 ${d.address ?? ''}` : masked(d.address)}</td>
                  <td>{d.attempts}</td>
                  <td>{d.last_error ?? '—'}</td>
                  <td><RedeliverButton action={`/console/deliveries/${d.id}/redeliver`} csrf={csrf} /></td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        <h2>摘要发送失败</h2>
        {digests.length === 0 ? <p class="empty">没有发送失败的摘要。</p> : (
          <table class="data">
            <thead><tr><th>摘要周期</th><th>渠道</th><th>接收地址</th><th>条数</th><th>尝试次数</th><th>最后错误</th><th>操作</th></tr></thead>
            <tbody>
              {digests.map((g) => (
                <tr key={g.id}>
                  <td>{periodLabel(g.period)}</td>
                  <td>{channelLabels[g.channel] ?? g.channel}</td>
                  <td>{masked(g.address)}</td>
                  <td>{g.item_count}</td>
                  <td>{g.attempts}</td>
                  <td>{g.last_error ?? '—'}</td>
                  <td><RedeliverButton action={`/console/deliveries/digests/${g.id}/redeliver`} csrf={csrf} /></td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </>
    )));
  });

  app.post<{ Params: { id: string } }>('/console/deliveries/:id/redeliver', async (request, reply) => {
    requireStaff(request, DELIVERY_ROLES);
    if (!/^\d{1,12}$/.test(request.params.id)) throw notFound('该投递');
    const id = Number(request.params.id);
    const done = await db.transaction().execute(async (trx) => {
      const row = await redeliver(trx, request.site.id, id);
      if (!row) return false;
      await appendAudit(trx, request.auditActor(), { action: 'delivery.redeliver', targetType: 'delivery', targetId: id, summary: `重新投递第 ${id} 号投递（${channelLabels[row.channel] ?? row.channel}）` });
      const key = `redeliver:${id}:${Date.now()}`;
      if (row.channel === 'inbox') await services.jobs.enqueue(INBOX_JOB, { eventId: row.eventId }, { trx, idempotencyKey: `${INBOX_JOB}:${key}` });
      else await services.jobs.enqueue(sendJobName(row.channel), {}, { trx, idempotencyKey: `${sendJobName(row.channel)}:${key}` });
      return true;
    });
    if (!done) throw notFound('该投递');
    return reply.redirect('/console/deliveries?done=1', 303);
  });

  app.post<{ Params: { id: string } }>('/console/deliveries/digests/:id/redeliver', async (request, reply) => {
    requireStaff(request, DELIVERY_ROLES);
    if (!/^\d{1,12}$/.test(request.params.id)) throw notFound('该摘要');
    const id = Number(request.params.id);
    const done = await db.transaction().execute(async (trx) => {
      const row = await redeliverDigest(trx, request.site.id, id);
      if (!row) return false;
      await appendAudit(trx, request.auditActor(), { action: 'digest.redeliver', targetType: 'digest', targetId: id, summary: `重新投递第 ${id} 号订阅摘要（${channelLabels[row.channel] ?? row.channel}）` });
      await services.jobs.enqueue(DIGEST_SEND_JOB, {}, { trx, idempotencyKey: `${DIGEST_SEND_JOB}:redeliver:${id}:${randomUUID()}` });
      return true;
    });
    if (!done) throw notFound('该摘要');
    return reply.redirect('/console/deliveries?done=digest', 303);
  });
}
