import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDialects } from '../src/platform/db/testing.js';
import { textOf } from './support/client.js';
import { startTestApp, type TestApp } from './support/test-app.js';

/* Public endpoints are throttled per visitor: strictly for sign-in and similar forms, loosely for all. */

describe.each(testDialects())('rate limits (%s)', (kind) => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp(kind, { AUTH_RATE_LIMIT_PER_MINUTE: '3', RATE_LIMIT_PER_MINUTE: '40' });
  });

  afterAll(async () => {
    await t?.close();
  });

  it('answers the 4th sign-in attempt in a minute with a Chinese 429 page', async () => {
    const visitor = t.client({ ip: '10.0.0.1' });
    const token = await visitor.csrf('/login');
    for (let i = 1; i <= 3; i++) {
      const reply = await visitor.post('/login', { _csrf: token, identifier: 'nobody@example.com', password: 'Wrong-Passw0rd-1' });
      expect(reply.status, `attempt ${i}`).toBe(422);
    }
    const fourth = await visitor.post('/login', { _csrf: token, identifier: 'nobody@example.com', password: 'Wrong-Passw0rd-1' });
    expect(fourth.status).toBe(429);
    expect(fourth.header('content-type')).toMatch(/^text\/html/);
    expect(fourth.header('retry-after')).toBe('60');
    expect(textOf(fourth.body)).toContain('您的操作过于频繁，请稍候一分钟再试');
    // The sign-in page itself is still there to read; only the attempts are throttled.
    expect((await visitor.get('/login')).status).toBe(200);
  });

  it('counts each visitor separately', async () => {
    const other = t.client({ ip: '10.0.0.2' });
    const reply = await other.submit('/login', { identifier: 'nobody@example.com', password: 'Wrong-Passw0rd-1' });
    expect(reply.status).toBe(422);
  });

  it('does not let a client dodge the limit with a forged X-Forwarded-For', async () => {
    const direct = t.client({ ip: '198.51.100.7' });
    const token = await direct.csrf('/login');
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) {
      const reply = await direct.post('/login', { _csrf: token, identifier: 'nobody@example.com', password: 'Wrong-Passw0rd-1' }, { 'x-forwarded-for': `203.0.113.${i}` });
      statuses.push(reply.status);
    }
    expect(statuses).toEqual([422, 422, 422, 429]);
  });

  it('believes X-Forwarded-For from a reverse proxy on the same machine, so each client behind it counts alone', async () => {
    const proxy = t.client({ ip: '127.0.0.1' });
    const token = await proxy.csrf('/login');
    const attempt = (client: string) =>
      proxy.post('/login', { _csrf: token, identifier: 'nobody@example.com', password: 'Wrong-Passw0rd-1' }, { 'x-forwarded-for': client });
    for (let i = 0; i < 3; i++) expect((await attempt('203.0.113.50')).status).toBe(422);
    expect((await attempt('203.0.113.50')).status).toBe(429);
    expect((await attempt('203.0.113.51')).status).toBe(422);
  });

  it('throttles registration and password-reset requests the same way', async () => {
    for (const url of ['/register', '/password/forgot']) {
      const visitor = t.client({ ip: url === '/register' ? '10.0.1.1' : '10.0.1.2' });
      const token = await visitor.csrf(url);
      const statuses: number[] = [];
      for (let i = 0; i < 4; i++) statuses.push((await visitor.post(url, { _csrf: token, email: 'x' })).status);
      expect(statuses, url).toEqual([422, 422, 422, 429]);
    }
  });

  it('limits every visitor to RATE_LIMIT_PER_MINUTE requests, but never the health check', async () => {
    const busy = t.client({ ip: '10.0.2.1' });
    const statuses: number[] = [];
    for (let i = 0; i < 41; i++) statuses.push((await busy.get('/about')).status);
    expect(statuses.slice(0, 40).every((s) => s === 200)).toBe(true);
    expect(statuses[40]).toBe(429);
    expect((await busy.get('/healthz')).status).toBe(200);
    const api = await busy.get('/api/v1/site');
    expect(api.status).toBe(429);
    expect(api.json()).toEqual({ error: { code: 'rate_limited', message: '您的操作过于频繁，请稍候一分钟再试。' } });
  });
});
