import type { FastifyInstance } from 'fastify';
import type { Services } from '../../../app/services.js';
import { nowIso, type Queryable } from '../../../platform/db/database.js';
import { notFound } from '../../../platform/http/errors.js';
import { hmac, safeEqual } from '../../../platform/tokens.js';
import type { NotifyEventPayload } from '../notify-event.js';

/*
 * E-mail opens are counted by the link, not a tracking pixel: /n/<deliveryId>.<signature> marks
 * the delivery opened (first time) and redirects to the page. Signed so ids cannot be walked.
 */

const signature = (secret: string, deliveryId: number) => hmac(secret, `open:${deliveryId}`).slice(0, 22);

export const openPath = (secret: string, deliveryId: number) => `/n/${deliveryId}.${signature(secret, deliveryId)}`;

export function readOpenToken(secret: string, token: string): number | undefined {
  const match = /^(\d{1,12})\.([A-Za-z0-9_-]{22})$/.exec(token);
  if (!match) return undefined;
  const id = Number(match[1]);
  return safeEqual(match[2]!, signature(secret, id)) ? id : undefined;
}

/** Marks the delivery opened (once) and returns the site-relative page it points to. */
export async function recordOpen(db: Queryable, deliveryId: number): Promise<string | undefined> {
  const row = await db
    .selectFrom('deliveries')
    .innerJoin('notify_events', 'notify_events.id', 'deliveries.event_id')
    .select(['notify_events.payload'])
    .where('deliveries.id', '=', deliveryId)
    .executeTakeFirst();
  if (!row) return undefined;
  await db.updateTable('deliveries').set({ opened_at: nowIso() }).where('id', '=', deliveryId).where('opened_at', 'is', null).execute();
  const path = (JSON.parse(row.payload) as NotifyEventPayload).path;
  return path.startsWith('/') && !path.startsWith('//') ? path : '/';
}

export function openRoutes(app: FastifyInstance, services: Services): void {
  app.get<{ Params: { token: string } }>('/n/:token', async (request, reply) => {
    const id = readOpenToken(services.secret, request.params.token);
    if (id === undefined) throw notFound('该链接');
    const path = await recordOpen(services.database.db, id);
    if (!path) throw notFound('该链接');
    reply.header('Cache-Control', 'no-store');
    return reply.redirect(path, 302);
  });
}
