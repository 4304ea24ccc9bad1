import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDialects } from '../src/platform/db/testing.js';
import { textOf } from './support/client.js';
import { startTestApp, type TestApp } from './support/test-app.js';

/* What every response promises: caching, security headers, Chinese error pages, health and metrics. */

describe.each(testDialects())('HTTP behaviour (%s)', (kind) => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp(kind);
    await t.addSite('bsite', '乙区规划资源局', 'b.example');
  });

  afterAll(async () => {
    await t?.close();
  });

  it('lets caches keep the home page briefly, with an ETag that answers 304', async () => {
    const first = await t.client().get('/');
    expect(first.status).toBe(200);
    expect(first.header('cache-control')).toMatch(/^public, max-age=\d+/);
    expect(first.header('set-cookie')).toBeUndefined();
    const etag = first.header('etag')!;
    expect(etag).toMatch(/^"[\w-]+"$/);
    const again = await t.client().get('/', { 'if-none-match': etag });
    expect(again.status).toBe(304);
    expect(again.body).toBe('');
    expect((await t.client().get('/', { 'if-none-match': '"something-else"' })).status).toBe(200);
  });

  it('marks console, space and sign-in pages private, no-store', async () => {
    const staff = await t.staffClient('cache.admin', ['admin']);
    const citizen = await t.citizenClient('cache@example.com');
    for (const [client, url] of [[staff, '/console'], [staff, '/console/users'], [citizen, '/space'], [citizen, '/space/inbox'], [t.client(), '/login']] as const) {
      const reply = await client.get(url);
      expect(reply.status, url).toBe(200);
      expect(reply.header('cache-control'), url).toBe('private, no-store');
      expect(reply.header('etag'), url).toBeUndefined();
    }
  });

  it('never marks a signed-in visitor’s response public, even on public pages', async () => {
    const citizen = await t.citizenClient('public.pages@example.com');
    for (const url of ['/', '/about', '/column/xxgk', '/search?q=规划', '/api/v1/site', '/api/v1/openapi.json']) {
      const reply = await citizen.get(url);
      expect(reply.status, url).toBe(200);
      expect(reply.header('cache-control'), url).not.toMatch(/public/);
    }
  });

  it('sends the security headers on pages, error pages and JSON alike', async () => {
    for (const url of ['/', '/login', '/no-such-page', '/api/v1/deadline', '/healthz']) {
      const reply = await t.client().get(url);
      const csp = reply.header('content-security-policy') ?? '';
      expect(csp, url).toContain("default-src 'self'");
      expect(csp, url).toContain("frame-ancestors 'none'");
      expect(csp, url).not.toContain('unsafe-inline');
      expect(reply.header('x-content-type-options'), url).toBe('nosniff');
      expect(reply.header('x-frame-options'), url).toBe('DENY');
      expect(reply.header('referrer-policy'), url).toBe('same-origin');
    }
  });

  it('answers an unknown address with a Chinese 404 page, not JSON and no stack trace', async () => {
    const reply = await t.client().get('/no/such/page?x=1');
    expect(reply.status).toBe(404);
    expect(reply.header('content-type')).toMatch(/^text\/html/);
    expect(textOf(reply.body)).toContain('您访问的页面不存在或已被删除');
    expect(reply.body).not.toMatch(/at \w+ \(|node_modules|Error:/);
    const api = await t.client().get('/api/v1/nothing');
    expect(api.status).toBe(404);
    expect(api.json()).toEqual({ error: { code: 'not_found', message: '您访问的页面不存在或已被删除。' } });
  });

  it('answers malformed and oversized bodies with a Chinese 4xx page, never 500', async () => {
    const browser = t.client();
    const token = await browser.csrf('/register');
    const cases: { what: string; type: string; payload: string | Buffer; status: number; text: string }[] = [
      { what: 'broken JSON', type: 'application/json', payload: '{"identifier": ', status: 400, text: '请求格式有误' },
      { what: 'JSON array', type: 'application/json', payload: '[1,2,3]', status: 403, text: '页面已过期' },
      { what: 'plain text', type: 'text/plain', payload: 'hello', status: 403, text: '页面已过期' },
      { what: 'unknown content type', type: 'application/xml', payload: '<a/>', status: 415, text: '请求格式有误' },
      { what: 'bad percent-encoding', type: 'application/x-www-form-urlencoded', payload: `_csrf=${token}&name=%E4%B8%&contact=%%`, status: 422, text: '注册' },
      { what: 'repeated fields', type: 'application/x-www-form-urlencoded', payload: `_csrf=${token}&kind=person&kind=organization&name=a&name=b`, status: 422, text: '注册' },
      { what: 'two megabytes', type: 'application/x-www-form-urlencoded', payload: Buffer.alloc(2 * 1024 * 1024, 'a'), status: 413, text: '提交的内容过大' },
    ];
    for (const c of cases) {
      const reply = await browser.request({ method: 'POST', url: '/register', headers: { 'content-type': c.type }, payload: c.payload });
      expect(reply.status, c.what).toBe(c.status);
      expect(reply.header('content-type'), c.what).toMatch(/^text\/html/);
      expect(textOf(reply.body), c.what).toContain(c.text);
    }
  });

  it('keeps display preferences in a cookie and returns only to paths on this site', async () => {
    const visitor = t.client();
    const set = await visitor.get('/prefs?elderly=1&scale=150&return=%2Fcolumn%2Fzcwj');
    expect(set.status).toBe(303);
    expect(set.location).toBe('/column/zcwj');
    expect(decodeURIComponent(visitor.cookies.get('gk_prefs')!)).toBe('e=1;s=150');
    const css = await visitor.get('/prefs.css');
    expect(css.body).toContain(':root{font-size:150%}');
    expect(css.header('cache-control')).toBe('private, no-cache');
    for (const evil of ['//evil.example', 'https://evil.example', '/\t/evil.example']) {
      expect((await visitor.get(`/prefs?scale=100&return=${encodeURIComponent(evil)}`)).location, evil).toBe('/');
    }
  });

  it('reports health with the database kind', async () => {
    const reply = await t.client().get('/healthz');
    expect(reply.status).toBe(200);
    expect(reply.json()).toEqual({ status: 'ok', database: kind });
  });

  it('exposes Prometheus metrics with request durations by route', async () => {
    await t.client().get('/about');
    const reply = await t.client().get('/metrics');
    expect(reply.status).toBe(200);
    expect(reply.body).toContain('# TYPE gongkai_http_request_duration_seconds histogram');
    expect(reply.body).toMatch(/gongkai_http_request_duration_seconds_count\{method="GET",route="\/about",status="200"\} \d+/);
  });

  it('publishes an OpenAPI 3 description that includes the deadline calculator', async () => {
    const reply = await t.client().get('/api/v1/openapi.json');
    expect(reply.status).toBe(200);
    const doc = reply.json<{ openapi: string; info: { title: string }; paths: Record<string, { get?: { parameters: { name: string; in: string; required: boolean }[] } }> }>();
    expect(doc.openapi).toMatch(/^3\.\d+\.\d+$/);
    expect(doc.info.title).toBeTruthy();
    const deadline = doc.paths['/api/v1/deadline']?.get;
    expect(deadline?.parameters).toEqual(expect.arrayContaining([
      expect.objectContaining({ name: 'start', in: 'query', required: true }),
      expect.objectContaining({ name: 'workingDays', in: 'query', required: true }),
    ]));
  });

  it('computes a statutory deadline over holidays through the API', async () => {
    const reply = await t.client().get('/api/v1/deadline?start=2026-09-28&workingDays=20');
    expect(reply.status).toBe(200);
    expect(reply.json()).toMatchObject({ start: '2026-09-28', workingDays: 20, due: '2026-10-30' });
  });

  it('answers a bad deadline query with 400 JSON in Chinese', async () => {
    for (const [query, message] of [
      ['start=2026-13-45&workingDays=20', 'start 须为 YYYY-MM-DD 格式的日期'],
      ['start=2026-09-28&workingDays=-1', 'workingDays 不能为负数'],
      ['start=2026-09-28&workingDays=1.5', 'workingDays 须为整数'],
      ['workingDays=3', 'start 须为 YYYY-MM-DD 格式的日期'],
    ] as const) {
      const reply = await t.client().get(`/api/v1/deadline?${query}`);
      expect(reply.status, query).toBe(400);
      expect(reply.header('content-type')).toMatch(/application\/json/);
      const body = reply.json<{ error: { code: string; message: string } }>();
      expect(body.error.code).toBe('invalid_input');
      expect(body.error.message, query).toContain(message);
    }
  });

  it('serves each site on its own host name, and the default site on any other', async () => {
    const a = await t.client({ host: 'localhost' }).get('/');
    const b = await t.client({ host: 'b.example' }).get('/');
    const bWithPort = await t.client({ host: 'B.example:8080' }).get('/');
    const stranger = await t.client({ host: 'unknown.example' }).get('/');
    expect(textOf(b.body)).toContain('乙区规划资源局');
    expect(textOf(bWithPort.body)).toContain('乙区规划资源局');
    for (const reply of [a, stranger]) {
      expect(textOf(reply.body)).toContain(t.gk.services.sites.defaultSite()!.name);
      expect(textOf(reply.body)).not.toContain('乙区规划资源局');
    }
    expect(a.header('etag')).not.toBe(b.header('etag'));
  });
});
