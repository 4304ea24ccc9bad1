import type { FastifyInstance } from 'fastify';
import { requirePublicUser } from '../../../app/guards.js';
import { portalPage } from '../../../app/portal-page.js';
import type { Services } from '../../../app/services.js';
import type { Queryable } from '../../../platform/db/database.js';
import { notFound } from '../../../platform/http/errors.js';
import { parseId } from '../../../platform/http/ids.js';
import { Notice } from '../../../platform/views/forms.js';
import { ratePush } from './push.service.js';
import * as store from './push.store.js';
import { pushLimits } from './push.vocabulary.js';

export interface PushRatingProps {
  pushId: number;
  messageId: number;
  rating: { useful: number; comment: string | null } | undefined;
}

/** For the inbox message page: the rating form when the message came from a push this account received. */
export async function pushRatingFor(db: Queryable, accountId: number, message: { id: number; delivery_id: number | null }): Promise<PushRatingProps | null> {
  if (message.delivery_id === null) return null;
  const push = await store.pushOfDelivery(db, message.delivery_id);
  if (!push || push.account_id !== accountId) return null;
  return { pushId: push.id, messageId: message.id, rating: await store.findRating(db, push.id, accountId) };
}

export function PushRatingForm(props: PushRatingProps & { csrfToken: string }) {
  const r = props.rating;
  return (
    <section class="panel" aria-labelledby={`push-rating-${props.pushId}`}>
      <h2 id={`push-rating-${props.pushId}`}>这条推送对您有用吗？</h2>
      {r ? <Notice kind="success">感谢您的评价！您的评价是“{r.useful ? '有用' : '没用'}”。如需修改，可重新选择。</Notice> : null}
      <form method="post" action={`/space/pushes/${props.pushId}/rating`} aria-label="评价这条推送">
        <input type="hidden" name="_csrf" value={props.csrfToken} />
        <input type="hidden" name="message_id" value={String(props.messageId)} />
        <div class="field">
          <label for={`f-rating-comment-${props.pushId}`}>意见（选填）</label>
          <textarea id={`f-rating-comment-${props.pushId}`} name="comment" rows={2} maxLength={pushLimits.commentMax}>{r?.comment ?? ''}</textarea>
        </div>
        <div class="actions">
          <button class="button" type="submit" name="useful" value="1" aria-pressed={r ? r.useful === 1 : undefined}>有用</button>
          <button class="button button-secondary" type="submit" name="useful" value="0" aria-pressed={r ? r.useful === 0 : undefined}>没用</button>
        </div>
      </form>
    </section>
  );
}

/** POST /space/pushes/:id/rating — only an account that received the push; others get 404. */
export function pushRatingRoutes(app: FastifyInstance, services: Services) {
  app.post<{ Params: { id: string } }>('/space/pushes/:id/rating', async (request, reply) => {
    const viewer = requirePublicUser(request);
    const pushId = parseId(request.params.id);
    const push = pushId ? await store.findPush(services.database.db, request.site.id, pushId) : undefined;
    if (!push) throw notFound('该推送');
    const body = (request.body ?? {}) as Record<string, unknown>;
    const outcome = await ratePush(services.database, viewer.id, push.id, body);
    if (outcome === 'not_found') throw notFound('该推送');
    const messageId = parseId(body.message_id);
    const back = messageId ? `/space/inbox/${messageId}` : '/space/inbox';
    if (!outcome.ok) {
      return reply.page(portalPage(request, { title: '评价推送' }, (
        <>
          <h1>评价推送</h1>
          <p class="error-message" role="alert">{Object.values(outcome.errors)[0]}</p>
          <p><a href={back}>返回消息</a></p>
        </>
      )), 422);
    }
    return reply.redirect(back, 303);
  });
}
