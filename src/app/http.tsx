import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import cookie from '@fastify/cookie';
import formbody from '@fastify/formbody';
import rateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import Fastify, { type FastifyBaseLogger, type FastifyError, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { Redis } from 'ioredis';
import { sql } from 'kysely';
import { collectDefaultMetrics, Histogram, Registry } from 'prom-client';
import { registerCaching } from '../platform/http/caching.js';
import { HttpError, SignInRequired } from '../platform/http/errors.js';
import { registerSecurityHeaders } from '../platform/http/security-headers.js';
import { PortalFrame } from '../platform/views/PortalFrame.js';
import { renderDocument } from '../platform/views/render.js';
import { registerRequestContext } from './request-context.js';
import type { Services } from './services.js';

const publicDir = join(dirname(fileURLToPath(import.meta.url)), '../../public');

export type RouteModule = (app: FastifyInstance, services: Services) => void | Promise<void>;

export async function buildHttpServer(services: Services, modules: RouteModule[], extra?: { registry?: Registry }): Promise<FastifyInstance> {
  const app = Fastify({
    loggerInstance: services.logger as FastifyBaseLogger,
    trustProxy: services.config.trustProxy,
    bodyLimit: 1_048_576,
    genReqId: () => Math.random().toString(36).slice(2, 10),
  });

  await app.register(cookie);
  await app.register(formbody);
  const redis = services.config.redisUrl ? new Redis(services.config.redisUrl, { maxRetriesPerRequest: 1, lazyConnect: false }) : undefined;
  await app.register(rateLimit, {
    global: true,
    max: services.config.rateLimit.perMinute,
    timeWindow: '1 minute',
    ...(redis ? { redis, nameSpace: 'gongkai-rl:' } : {}),
    allowList: (request) => request.url.startsWith('/static/') || request.url === '/healthz' || request.url === '/metrics',
    errorResponseBuilder: () => new HttpError(429, 'rate_limited', '您的操作过于频繁，请稍候一分钟再试。'),
  });
  if (redis) app.addHook('onClose', async () => void redis.disconnect());
  await app.register(fastifyStatic, { root: join(publicDir, 'static'), prefix: '/static/', maxAge: 3_600_000, etag: true });

  // PostgreSQL text cannot hold U+0000; no form or query has a use for it, so it never reaches a store.
  app.addHook('preValidation', async (request) => {
    // Multipart bodies carry file objects; the upload routes clean their own fields.
    if (!String(request.headers['content-type'] ?? '').startsWith('multipart/')) request.body = stripNul(request.body);
    request.query = stripNul(request.query);
  });
  registerRequestContext(app, services);
  registerCaching(app);
  registerSecurityHeaders(app, { hsts: services.config.cookieSecure === 'always' });
  registerMetrics(app, services, extra?.registry ?? new Registry());

  app.get('/healthz', async (_request, reply) => {
    try {
      await sql`select 1`.execute(services.database.db);
      return reply.send({ status: 'ok', database: services.database.kind });
    } catch (error) {
      services.logger.error({ err: error }, 'health check failed');
      return reply.code(503).send({ status: 'unavailable', database: services.database.kind });
    }
  });

  // Error pages first: routes and plugins registered after this inherit them.
  app.setNotFoundHandler((request, reply) => sendError(request, reply, new HttpError(404, 'not_found', '您访问的页面不存在或已被删除。')));
  app.setErrorHandler((error: FastifyError | HttpError | SignInRequired, request, reply) => {
    if (error instanceof SignInRequired) return reply.redirect(error.loginPath, 303);
    if (error instanceof HttpError) return sendError(request, reply, error);
    const status = (error as FastifyError).statusCode;
    if (status === 429) return sendError(request, reply, new HttpError(429, 'rate_limited', '您的操作过于频繁，请稍候一分钟再试。'));
    if (status && status >= 400 && status < 500) {
      return sendError(request, reply, new HttpError(status, 'bad_request', status === 413 ? '提交的内容过大。' : '请求格式有误，请检查后重新提交。'));
    }
    request.log.error({ err: error }, 'unhandled error');
    return sendError(request, reply, new HttpError(500, 'internal', `系统暂时无法处理您的请求，请稍后再试。如问题持续，请联系网站管理员并提供编号 ${request.id}。`));
  });
  for (const register of modules) await register(app, services);

  return app;
}

function stripNul<T>(value: T, depth = 0): T {
  if (typeof value === 'string') return (value.includes('\u0000') ? value.replaceAll('\u0000', '') : value) as T;
  if (depth > 3 || value === null || typeof value !== 'object' || Buffer.isBuffer(value)) return value;
  if (Array.isArray(value)) return value.map((v) => stripNul(v, depth + 1)) as T;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) out[k] = stripNul(v, depth + 1);
  return out as T;
}

const errorTitles: Record<number, string> = { 400: '请求有误', 403: '无权访问', 404: '页面不存在', 413: '内容过大', 429: '访问过于频繁', 500: '系统繁忙' };

function sendError(request: FastifyRequest, reply: FastifyReply, error: HttpError) {
  reply.code(error.status);
  if (error.status === 429) reply.header('retry-after', '60');
  if (request.url.startsWith('/api/') || request.url === '/healthz') {
    return reply.type('application/json').send({ error: { code: error.code, message: error.publicMessage } });
  }
  const title = errorTitles[error.status] ?? '出错了';
  const site = request.site;
  const page = site ? (
    <PortalFrame site={site} title={title} path={request.url.split('?')[0] ?? '/'}>
      <h1>{title}</h1>
      <p class="lede">{error.publicMessage}</p>
      <ul>
        <li><a href="/">返回首页</a></li>
        {error.status === 403 ? <li><a href="/login">使用其他账号登录</a></li> : null}
        <li><a href="/feedback/site-error">向我们报告此问题</a></li>
      </ul>
    </PortalFrame>
  ) : (
    <html lang="zh-CN"><body><h1>{title}</h1><p>{error.publicMessage}</p></body></html>
  );
  return reply.type('text/html; charset=utf-8').send(renderDocument(page));
}

function registerMetrics(app: FastifyInstance, services: Services, registry: Registry) {
  collectDefaultMetrics({ register: registry, prefix: 'gongkai_' });
  const duration = new Histogram({
    name: 'gongkai_http_request_duration_seconds',
    help: 'HTTP request duration by route and status',
    labelNames: ['method', 'route', 'status'],
    buckets: [0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [registry],
  });
  app.addHook('onResponse', async (request, reply) => {
    duration.observe({ method: request.method, route: request.routeOptions.url ?? 'unmatched', status: String(reply.statusCode) }, reply.elapsedTime / 1000);
  });
  app.get('/metrics', async (_request, reply) => {
    reply.type(registry.contentType);
    return registry.metrics();
  });
  void services;
}
