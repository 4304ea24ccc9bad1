import type { FastifyInstance, FastifyRequest } from 'fastify';
import { consolePage } from '../../../app/console-page.js';
import { requireStaff } from '../../../app/guards.js';
import type { Services } from '../../../app/services.js';
import { Form, Notice, type Errors, type Values } from '../../../platform/views/forms.js';
import type { StaffRole } from '../../accounts/roles.js';
import { decideMember } from './relay.service.js';
import * as store from './relay.store.js';
import { label, memberStatuses, relayTypes } from './relay.vocabulary.js';

export const RELAY_MEMBER_ROLES: StaffRole[] = ['reviewer', 'admin'];

export const memberRouteAccess: Record<string, StaffRole[]> = {
  'GET /console/relay-packages/members': RELAY_MEMBER_ROLES,
  'POST /console/relay-packages/members/decide': RELAY_MEMBER_ROLES,
};

const LIMIT = 500;
const fmt = (iso: string | null) => (iso ? new Date(iso).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false }).slice(0, -3) : '—');

/** Console: the organisations that applied to be relay points; a reviewer approves or declines each (audited). */
export function relayMemberRoutes(app: FastifyInstance, services: Services) {
  const database = services.database;

  const page = async (request: FastifyRequest, notice: string | null, failed?: { memberId: string; values: Values; errors: Errors }) => {
    const rows = await store.listMembers(database.db, request.site.id, LIMIT);
    return consolePage(request, '转发点管理', (
      <>
        {notice ? <Notice kind="success">{notice}</Notice> : null}
        {failed?.errors.member_id || failed?.errors.decision ? <div class="error-summary" role="alert"><p>{failed.errors.member_id ?? failed.errors.decision}</p></div> : null}
        <p class="lede">协会、商会、园区、法律服务机构、居村委等组织在企业专属空间申请成为转发点；审核通过并订阅的，在政策知识点发布时收到推送。<a href="/console/relay-packages">返回政策知识点</a></p>
        {rows.length === 0 ? <p class="empty">还没有组织申请成为转发点。</p> : (
          <div class="table-wrap" role="region" aria-labelledby="members-caption" tabIndex={0}>
            <table class="data">
              <caption id="members-caption">转发点申请（{rows.length} 个）</caption>
              <thead><tr><th scope="col" class="col-wide">组织</th><th scope="col" class="nowrap">类型</th><th scope="col" class="col-wide">服务范围与说明</th><th scope="col" class="nowrap">申请时间</th><th scope="col" class="nowrap">状态</th><th scope="col" class="nowrap">处理</th></tr></thead>
              <tbody>
                {rows.map((m) => {
                  const errors = failed && failed.memberId === String(m.id) ? failed.errors : {};
                  return (
                    <tr key={m.id}>
                      <td>{m.name}<br /><span class="meta">{m.credit_code ?? ''}</span></td>
                      <td>{label(relayTypes, m.relay_type)}</td>
                      <td>{m.area}{m.notes ? <><br /><span class="meta">{m.notes}</span></> : null}</td>
                      <td class="nowrap">{fmt(m.created_at)}</td>
                      <td>{label(memberStatuses, m.status)}{m.status === 'approved' ? (m.subscribed ? '（订阅中）' : '（已退订）') : ''}{m.decision_note ? <><br /><span class="meta">{m.decision_note}</span></> : null}</td>
                      <td>
                        {m.status === 'pending' ? (
                          <Form action="/console/relay-packages/members/decide" csrfToken={request.csrfToken()} label={`处理 ${m.name} 的申请`}>
                            <input type="hidden" name="member_id" value={String(m.id)} />
                            <div class={`field${errors.note ? ' field-error' : ''}`}>
                              <label for={`note-${m.id}`}>意见（不通过时必填）</label>
                              {errors.note ? <p class="error-message" id={`e-note-${m.id}`}><span class="visually-hidden">错误：</span>{errors.note}</p> : null}
                              <input id={`note-${m.id}`} name="note" maxLength={500} value={errors.note ? String(failed?.values.note ?? '') : ''} aria-invalid={errors.note ? 'true' : undefined} aria-describedby={errors.note ? `e-note-${m.id}` : undefined} />
                            </div>
                            <div class="actions">
                              <button class="button" type="submit" name="decision" value="approve">通过</button>
                              <button class="button button-secondary" type="submit" name="decision" value="reject">不通过</button>
                            </div>
                          </Form>
                        ) : '—'}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        )}
      </>
    ));
  };

  app.get<{ Querystring: { done?: string } }>('/console/relay-packages/members', async (request, reply) => {
    requireStaff(request, RELAY_MEMBER_ROLES);
    return reply.page(await page(request, request.query.done === 'approve' ? '已通过。' : request.query.done === 'reject' ? '已处理为不通过。' : null));
  });

  app.post('/console/relay-packages/members/decide', async (request, reply) => {
    requireStaff(request, RELAY_MEMBER_ROLES);
    const body = (request.body ?? {}) as Values;
    const outcome = await decideMember(database, request.site.id, body, request.auditActor());
    if (!outcome.ok) return reply.page(await page(request, null, { memberId: String(body.member_id ?? ''), values: body, errors: outcome.errors }), 422);
    return reply.redirect(`/console/relay-packages/members?done=${body.decision === 'approve' ? 'approve' : 'reject'}`, 303);
  });
}
