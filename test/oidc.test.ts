import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config/config.js';
import { createGongkai, type Gongkai } from '../src/main.js';
import { registerSchema } from '../src/modules/accounts/accounts.schemas.js';
import { registerPublicAccount } from '../src/modules/accounts/accounts.service.js';
import { createStaffUser } from '../src/modules/accounts/staff.service.js';
import { createTestDatabase, testDialects, type TestDatabase } from '../src/platform/db/testing.js';
import { Browser, type Page } from './oidc-support/browser.js';
import { freePort, startProvider, type TestProvider } from './oidc-support/provider.js';

/*
 * OpenID Connect sign-in end to end: a real oidc-provider on 127.0.0.1 and Gongkai as a real
 * HTTP server, driven with fetch through every redirect, login form and consent form.
 */

const CLIENT_ID = 'gongkai-test';
const CLIENT_SECRET = randomBytes(24).toString('hex');

const text = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');

async function startGongkai(database: TestDatabase, port: number, env: Record<string, string>): Promise<Gongkai> {
  const gk = await createGongkai(loadConfig({}, { LOG_LEVEL: 'silent', PUBLIC_URL: `http://127.0.0.1:${port}`, ...env }), { database, withJobs: false });
  await gk.app.listen({ port, host: '127.0.0.1' });
  return gk;
}

for (const kind of testDialects()) {
  describe(`OIDC sign-in against a real provider (${kind})`, () => {
    let database: TestDatabase;
    let gk: Gongkai;
    let provider: TestProvider;
    let origin: string;
    let siteId: number;

    const subject = (login: string) => `${provider.issuer}#${login}`;
    const atCallback = (next: URL) => next.origin === origin && next.pathname === '/auth/oidc/callback';

    /**
     * Starts a sign-in at Gongkai and plays the user: follows every redirect, fills the provider's
     * login form as `login` (the development login takes any password) and approves its consent form.
     * Stops at the first page that is not a redirect or before a redirect `stop` picks.
     */
    async function signIn(browser: Browser, audience: 'public' | 'staff', login: string, stop?: (next: URL) => boolean): Promise<Page> {
      const start = await browser.get(`${origin}/auth/oidc/start?audience=${audience}`);
      expect(start.status, start.body).toBe(303);
      expect(start.location?.origin).toBe(provider.issuer);
      let page = await browser.follow(start, stop);
      for (let forms = 0; page.status === 200 && page.url.origin === provider.issuer; forms++) {
        if (forms > 3) throw new Error(`stuck at the provider: ${page.url.href}`);
        const loginForm = /name="login"/.test(page.body);
        if (!loginForm) expect(page.body).toContain('name="prompt" value="consent"');
        page = await browser.follow(await browser.submit(page, loginForm ? { login, password: 'any password' } : {}), stop);
      }
      return page;
    }

    const accountsBySubject = (login: string) =>
      database.db.selectFrom('accounts').select(['id', 'kind', 'name', 'email', 'site_id']).where('oidc_subject', '=', subject(login)).execute();
    const logins = (accountId: number) =>
      database.db.selectFrom('audit_log').select(['actor_id', 'actor_label', 'summary']).where('action', '=', 'auth.login').where('target_id', '=', String(accountId)).orderBy('seq').execute();
    const countAccounts = async () => Number((await database.db.selectFrom('accounts').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

    beforeAll(async () => {
      const port = await freePort();
      origin = `http://127.0.0.1:${port}`;
      provider = await startProvider({ clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, redirectUri: `${origin}/auth/oidc/callback` });
      database = await createTestDatabase(kind);
      gk = await startGongkai(database, port, { OIDC_ISSUER: provider.issuer, OIDC_CLIENT_ID: CLIENT_ID, OIDC_CLIENT_SECRET: CLIENT_SECRET, OIDC_DISPLAY_NAME: '省统一身份认证' });
      siteId = gk.services.sites.defaultSite()!.id;
      provider.users.set('wang', { email: 'Wang.XM@example.com', email_verified: true, name: '王小明' });
      provider.users.set('zhao', { email: 'zhao@example.com', email_verified: true, name: '赵六' });
      provider.users.set('li', { email: 'Li.Chu@example.gov.cn', email_verified: true, name: '李处（认证平台）' });
      provider.users.set('mallory', { email: 'zhou@example.gov.cn', email_verified: false, name: '冒名者' });
      provider.users.set('mallory2', { email: 'zhou@example.gov.cn', email_verified: 'false', name: '冒名者二' });
      provider.users.set('squatter', { email: 'victim@example.com', email_verified: false, name: '抢注者' });
      provider.users.set('stranger', { email: 'nobody@example.gov.cn', email_verified: true, name: '陌生人' });
    });

    afterAll(async () => {
      await gk?.close();
      await provider?.close();
    });

    it('offers the provider on both sign-in pages', async () => {
      const browser = new Browser();
      expect((await browser.get(`${origin}/login`)).body).toContain('href="/auth/oidc/start?audience=public"');
      const staff = await browser.get(`${origin}/console/login`);
      expect(staff.body).toContain('href="/auth/oidc/start?audience=staff"');
      expect(staff.body).toContain('使用省统一身份认证登录');
    });

    it('creates a personal account for a first-time member of the public and signs them in', async () => {
      const before = await countAccounts();
      const browser = new Browser();
      const page = await signIn(browser, 'public', 'wang');

      expect(page.url.href).toBe(`${origin}/space`);
      expect(page.status).toBe(200);
      expect(text(page.body)).toContain('王小明，您好');

      // The dance really went through the provider: authorization request with PKCE (S256) and
      // state, its login and consent forms, then the callback with a code.
      const authorize = browser.history.find((s) => s.url.origin === provider.issuer && s.url.pathname === '/auth');
      expect(authorize?.url.searchParams.get('client_id')).toBe(CLIENT_ID);
      expect(authorize?.url.searchParams.get('redirect_uri')).toBe(`${origin}/auth/oidc/callback`);
      expect(authorize?.url.searchParams.get('code_challenge_method')).toBe('S256');
      expect(authorize?.url.searchParams.get('code_challenge')).toMatch(/^[\w-]{43}$/);
      expect(authorize?.url.searchParams.get('state')).toBeTruthy();
      expect(browser.history.filter((s) => s.method === 'POST' && s.url.origin === provider.issuer)).toHaveLength(2);
      const callback = browser.history.find((s) => s.url.origin === origin && s.url.pathname === '/auth/oidc/callback');
      expect(callback?.status).toBe(303);
      expect(callback?.url.searchParams.get('code')).toBeTruthy();
      expect(callback?.url.searchParams.get('state')).toBe(authorize?.url.searchParams.get('state'));

      expect(browser.cookie(origin, 'gk_sid')).toBeTruthy();
      expect(browser.cookie(origin, 'gk_oidc')).toBeUndefined();
      const again = await browser.get(`${origin}/space`);
      expect(again.status).toBe(200);
      expect(text(again.body)).toContain('王小明，您好');

      const rows = await accountsBySubject('wang');
      expect(rows).toEqual([{ id: expect.any(Number), kind: 'person', name: '王小明', email: 'wang.xm@example.com', site_id: null }]);
      expect(await countAccounts()).toBe(before + 1);
      expect(await logins(rows[0]!.id)).toEqual([{ actor_id: rows[0]!.id, actor_label: '王小明', summary: '通过统一身份认证登录' }]);
    });

    it('reuses the same account on the next sign-in, with or without a provider session', async () => {
      const [account] = await accountsBySubject('wang');
      const before = await countAccounts();

      const fresh = new Browser();
      const first = await signIn(fresh, 'public', 'wang');
      expect(first.url.pathname).toBe('/space');
      expect(text(first.body)).toContain('王小明，您好');

      // Same browser again: the provider remembers the login and the consent, no forms this time.
      const formsBefore = fresh.history.filter((s) => s.method === 'POST').length;
      const second = await signIn(fresh, 'public', 'wang');
      expect(second.url.pathname).toBe('/space');
      expect(second.status).toBe(200);
      expect(fresh.history.filter((s) => s.method === 'POST')).toHaveLength(formsBefore);

      expect(await accountsBySubject('wang')).toEqual([account]);
      expect(await countAccounts()).toBe(before);
      expect(await logins(account!.id)).toHaveLength(3);
    });

    it('links an existing personal account with the same verified e-mail instead of creating one', async () => {
      const registered = await registerPublicAccount(
        database,
        registerSchema.parse({ kind: 'person', name: '赵六', contact: 'zhao@example.com', password: 'Zhao-Password-2026!', passwordConfirm: 'Zhao-Password-2026!', agree: 'on' }),
        '127.0.0.1',
      );
      if (!registered.ok) throw new Error(JSON.stringify(registered));
      const before = await countAccounts();
      const page = await signIn(new Browser(), 'public', 'zhao');
      expect(page.url.pathname).toBe('/space');
      expect(text(page.body)).toContain('赵六，您好');
      expect((await accountsBySubject('zhao')).map((r) => r.id)).toEqual([registered.value]);
      expect(await countAccounts()).toBe(before);
    });

    it('refuses the staff console to a provider user with no staff account (403)', async () => {
      const before = await countAccounts();
      const browser = new Browser();
      const page = await signIn(browser, 'staff', 'stranger');
      expect(page.url.pathname).toBe('/auth/oidc/callback');
      expect(page.status).toBe(403);
      expect(text(page.body)).toContain('该统一身份认证账号未开通本站后台权限');
      expect(browser.cookie(origin, 'gk_sid')).toBeUndefined();
      expect(await countAccounts()).toBe(before);
      expect(await accountsBySubject('stranger')).toEqual([]);
      expect((await browser.get(`${origin}/console`)).status).toBe(303);
    });

    it('signs existing staff into the console by their e-mail and links the subject', async () => {
      const created = await createStaffUser(
        database,
        siteId,
        { name: '李处长', username: 'li.chu', email: 'li.chu@example.gov.cn', roles: ['admin'], departmentId: null, password: 'Staff-Password-2026!' },
        { id: null, label: '测试', ip: '127.0.0.1', siteId },
      );
      if (!created.ok) throw new Error(JSON.stringify(created));
      const browser = new Browser();
      const page = await signIn(browser, 'staff', 'li');
      expect(page.url.href).toBe(`${origin}/console`);
      expect(page.status).toBe(200);
      expect(text(page.body)).toContain('李处长');

      const rows = await accountsBySubject('li');
      expect(rows).toEqual([{ id: created.value, kind: 'staff', name: '李处长', email: 'li.chu@example.gov.cn', site_id: siteId }]);
      expect(await logins(rows[0]!.id)).toEqual([{ actor_id: rows[0]!.id, actor_label: '李处长', summary: '通过统一身份认证登录' }]);

      // The staff account is not a public one: the same identity asking for the public side gets
      // neither the staff account nor a new duplicate.
      const publicSide = await signIn(new Browser(), 'public', 'li');
      expect(publicSide.status).toBe(403);
      expect(text(publicSide.body)).toContain('不能用于登录个人/企业空间');
      expect(await accountsBySubject('li')).toEqual(rows);
    });

    it('does not hand a staff account to an unverified e-mail', async () => {
      const created = await createStaffUser(
        database,
        siteId,
        { name: '周科长', username: 'zhou.ke', email: 'zhou@example.gov.cn', roles: ['editor'], departmentId: null, password: 'Staff-Password-2026!' },
        { id: null, label: '测试', ip: '127.0.0.1', siteId },
      );
      expect(created.ok).toBe(true);
      for (const login of ['mallory', 'mallory2']) {
        const browser = new Browser();
        const page = await signIn(browser, 'staff', login);
        expect(page.status).toBe(403);
        expect(browser.cookie(origin, 'gk_sid')).toBeUndefined();
        expect(await accountsBySubject(login)).toEqual([]);
      }
    });

    it('does not store an unverified e-mail on a new public account', async () => {
      const page = await signIn(new Browser(), 'public', 'squatter');
      expect(page.url.pathname).toBe('/space');
      expect(await accountsBySubject('squatter')).toEqual([expect.objectContaining({ kind: 'person', name: '抢注者', email: null })]);
    });

    it('shows a 400 page, not an error, when the user cancels at the provider', async () => {
      const browser = new Browser();
      const login = await browser.follow(await browser.get(`${origin}/auth/oidc/start?audience=public`));
      expect(login.url.origin).toBe(provider.issuer);
      const cancel = /href="([^"]*\/abort)"/.exec(login.body)?.[1];
      expect(cancel).toBeTruthy();
      const page = await browser.follow(await browser.get(new URL(cancel!, login.url)));
      expect(page.url.pathname).toBe('/auth/oidc/callback');
      expect(page.url.searchParams.get('error')).toBe('access_denied');
      expect(page.status).toBe(400);
      expect(text(page.body)).toContain('统一身份认证未能确认您的身份');
      expect(browser.cookie(origin, 'gk_sid')).toBeUndefined();
    });

    it('rejects a tampered flow cookie (400) and accepts the untouched one', async () => {
      const browser = new Browser();
      const atGongkai = await signIn(browser, 'public', 'wang', atCallback);
      expect(atGongkai.status).toBe(303);
      const callbackUrl = atGongkai.location!;
      const flow = browser.cookie(origin, 'gk_oidc');
      expect(flow).toMatch(/^public\./);

      // Upgrading the audience without the server's key.
      browser.setCookie(origin, 'gk_oidc', flow!.replace(/^public\./, 'staff.'), '/auth/oidc');
      const tampered = await browser.get(callbackUrl);
      expect(tampered.status).toBe(400);
      expect(text(tampered.body)).toContain('登录会话已过期，请重新发起登录');
      expect(browser.cookie(origin, 'gk_sid')).toBeUndefined();

      // A flipped signature character, and no cookie at all.
      const signature = flow!.slice(flow!.lastIndexOf('.') + 1);
      const flipped = `${flow!.slice(0, flow!.lastIndexOf('.') + 1)}${signature[0] === 'a' ? 'b' : 'a'}${signature.slice(1)}`;
      browser.setCookie(origin, 'gk_oidc', flipped, '/auth/oidc');
      expect((await browser.get(callbackUrl)).status).toBe(400);
      expect((await browser.get(callbackUrl)).status).toBe(400);

      // The genuine cookie (the code was never redeemed) still completes the sign-in.
      browser.setCookie(origin, 'gk_oidc', flow!, '/auth/oidc');
      const genuine = await browser.get(callbackUrl);
      expect(genuine.status).toBe(303);
      expect(genuine.location?.href).toBe(`${origin}/space`);
      expect(browser.cookie(origin, 'gk_sid')).toBeTruthy();
    });

    it('rejects a callback whose state belongs to another sign-in (400)', async () => {
      const victim = new Browser();
      const attacker = new Browser();
      const attackerCallback = (await signIn(attacker, 'public', 'zhao', atCallback)).location!;
      await signIn(victim, 'public', 'wang', atCallback);
      // The victim is lured to the attacker's callback URL (login CSRF): state does not match their cookie.
      const page = await victim.get(attackerCallback);
      expect(page.status).toBe(400);
      expect(text(page.body)).toContain('统一身份认证未能确认您的身份');
      expect(victim.cookie(origin, 'gk_sid')).toBeUndefined();
    });
  });

  describe(`OIDC with the provider unreachable (${kind})`, () => {
    let database: TestDatabase;
    let gk: Gongkai;
    let origin: string;
    let providerPort: number;
    let provider: TestProvider | undefined;

    beforeAll(async () => {
      const port = await freePort();
      origin = `http://127.0.0.1:${port}`;
      providerPort = await freePort();
      database = await createTestDatabase(kind);
      gk = await startGongkai(database, port, { OIDC_ISSUER: `http://127.0.0.1:${providerPort}`, OIDC_CLIENT_ID: CLIENT_ID, OIDC_CLIENT_SECRET: CLIENT_SECRET });
    });

    afterAll(async () => {
      await gk?.close();
      await provider?.close();
    });

    it('answers /auth/oidc/start with a Chinese 502 page, then recovers once the provider is back', async () => {
      const browser = new Browser();
      const down = await browser.get(`${origin}/auth/oidc/start?audience=staff`);
      expect(down.status).toBe(502);
      expect(down.body).toContain('<html');
      expect(text(down.body)).toContain('暂时无法连接统一身份认证服务，请稍后再试或使用账号密码登录。');
      expect(browser.cookie(origin, 'gk_oidc')).toBeUndefined();

      provider = await startProvider({ clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, redirectUri: `${origin}/auth/oidc/callback`, port: providerPort });
      const up = await browser.get(`${origin}/auth/oidc/start?audience=staff`);
      expect(up.status).toBe(303);
      expect(up.location?.origin).toBe(provider.issuer);
      expect(browser.cookie(origin, 'gk_oidc')).toMatch(/^staff\./);
    });
  });

  describe(`without OIDC settings (${kind})`, () => {
    let database: TestDatabase;
    let gk: Gongkai;

    beforeAll(async () => {
      database = await createTestDatabase(kind);
      gk = await createGongkai(loadConfig({}, { LOG_LEVEL: 'silent' }), { database, withJobs: false });
    });

    afterAll(async () => {
      await gk?.close();
    });

    it('has no OIDC routes and no OIDC button', async () => {
      expect((await gk.app.inject({ method: 'GET', url: '/auth/oidc/start' })).statusCode).toBe(404);
      expect((await gk.app.inject({ method: 'GET', url: '/auth/oidc/start?audience=staff' })).statusCode).toBe(404);
      expect((await gk.app.inject({ method: 'GET', url: '/auth/oidc/callback?code=x&state=y' })).statusCode).toBe(404);
      expect((await gk.app.inject({ method: 'GET', url: '/login' })).body).not.toContain('/auth/oidc/start');
    });
  });
}
