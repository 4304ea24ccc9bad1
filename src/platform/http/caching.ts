import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyReply } from 'fastify';

/** Marks a response as the same for everyone: a reverse proxy or CDN may cache it briefly. */
export function cachePublicly(reply: FastifyReply, maxAgeSeconds = 60): void {
  reply.header('cache-control', `public, max-age=${maxAgeSeconds}, stale-while-revalidate=${maxAgeSeconds * 5}`);
}

/**
 * Every response is private and unstored unless a route opted in with cachePublicly(); public
 * responses get a strong ETag and answer If-None-Match with 304.
 */
export function registerCaching(app: FastifyInstance): void {
  app.addHook('onSend', async (request, reply, payload) => {
    const cacheControl = reply.getHeader('cache-control');
    if (cacheControl === undefined) {
      reply.header('cache-control', 'private, no-store');
      return payload;
    }
    if (reply.statusCode !== 200 || !String(cacheControl).startsWith('public') || typeof payload !== 'string') return payload;
    if (reply.getHeader('set-cookie') !== undefined) {
      reply.header('cache-control', 'private, no-store');
      return payload;
    }
    const etag = `"${createHash('sha1').update(payload).digest('base64url')}"`;
    reply.header('etag', etag);
    const ifNoneMatch = request.headers['if-none-match'];
    if (ifNoneMatch && ifNoneMatch.split(',').some((t) => t.trim().replace(/^W\//, '') === etag)) {
      reply.code(304);
      return '';
    }
    return payload;
  });
}
