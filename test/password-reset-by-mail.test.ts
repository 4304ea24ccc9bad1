import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDialects } from '../src/platform/db/testing.js';
import { sha256 } from '../src/platform/tokens.js';
import { textOf } from './support/client.js';
import { startSmtpServer, type ReceivedMail, type TestSmtpServer } from './support/smtp.js';
import { startTestApp, TEST_PASSWORD, type TestApp } from './support/test-app.js';

/* 找回密码 end to end: the app sends real mail over SMTP to a server started here. */

const NEW_PASSWORD = 'Brand-New-Passw0rd';

function resetPath(mail: ReceivedMail): string {
  const link = /https?:\/\/\S+\/password\/reset\/[A-Za-z0-9_-]+/.exec(mail.text)?.[0];
  if (!link) throw new Error(`no reset link in:\n${mail.text}`);
  return new URL(link).pathname;
}

describe.each(testDialects())('password reset through a real SMTP server (%s)', (kind) => {
  let smtp: TestSmtpServer;
  let t: TestApp;

  const mailsTo = (address: string) => smtp.received.filter((m) => m.to.includes(address)).length;
  const requestReset = (email: string, host?: string) => t.client(host ? { host } : {}).submit('/password/forgot', { email });

  beforeAll(async () => {
    smtp = await startSmtpServer();
    t = await startTestApp(kind, { SMTP_URL: smtp.url, MAIL_FROM: '规划资源局 <noreply@ghzyj.example.gov.cn>' });
  });

  afterAll(async () => {
    await t?.close();
    await smtp?.close();
  });

  it('mails a one-time link that sets a new password; the old password stops working', async () => {
    await t.addCitizen('reset@example.com', { name: '李四' });
    const signedIn = await t.client().loginPublic('reset@example.com', TEST_PASSWORD);
    expect(signedIn.status).toBe(303);

    const sent = await requestReset('reset@example.com');
    expect(sent.status).toBe(200);
    expect(textOf(sent.body)).toContain('如果该电子邮箱已注册，我们已向其发送重置密码的链接');

    const mail = await smtp.nextMailTo('reset@example.com');
    expect(mail.from).toBe('noreply@ghzyj.example.gov.cn');
    expect(mail.subject).toContain('重置密码');
    expect(mail.text).toContain('李四，您好');
    const path = resetPath(mail);
    // Only a hash of the token is kept: a copy of the database does not let anyone reset passwords.
    const token = path.split('/').pop()!;
    const stored = await t.database.db.selectFrom('password_resets').select('token_hash').executeTakeFirstOrThrow();
    expect(stored.token_hash).toBe(sha256(token));

    const browser = t.client();
    const form = await browser.get(path);
    expect(form.status).toBe(200);
    const done = await browser.submit(path, { password: NEW_PASSWORD, passwordConfirm: NEW_PASSWORD });
    expect(done.status).toBe(303);
    expect(done.location).toBe('/login?reset=1');
    expect(textOf((await browser.get('/login?reset=1')).body)).toContain('密码已重置，请使用新密码登录');

    expect((await t.client().loginPublic('reset@example.com', TEST_PASSWORD)).status).toBe(422);
    expect((await t.client().loginPublic('reset@example.com', NEW_PASSWORD)).status).toBe(303);
    const actions = (await t.database.db.selectFrom('audit_log').select('action').where('target_id', '=', String((await t.database.db.selectFrom('accounts').select('id').where('email', '=', 'reset@example.com').executeTakeFirstOrThrow()).id)).execute()).map((r) => r.action);
    expect(actions).toEqual(expect.arrayContaining(['auth.password.reset_requested', 'auth.password.reset']));
  });

  it('signs out every session of the account when the password is reset', async () => {
    await t.addCitizen('sessions@example.com');
    const elsewhere = t.client();
    await elsewhere.loginPublic('sessions@example.com', TEST_PASSWORD);
    expect((await elsewhere.get('/space')).status).toBe(200);
    await requestReset('sessions@example.com');
    const path = resetPath(await smtp.nextMailTo('sessions@example.com'));
    await t.client().submit(path, { password: NEW_PASSWORD, passwordConfirm: NEW_PASSWORD });
    expect((await elsewhere.get('/space')).status).toBe(303);
  });

  it('does not accept the same link twice', async () => {
    await t.addCitizen('once@example.com');
    await requestReset('once@example.com');
    const path = resetPath(await smtp.nextMailTo('once@example.com'));
    expect((await t.client().submit(path, { password: NEW_PASSWORD, passwordConfirm: NEW_PASSWORD })).status).toBe(303);
    const again = t.client();
    const page = await again.get(path);
    expect(page.status).toBe(410);
    expect(page.body).toContain('该重置密码链接已使用或已过期');
    const reuse = await again.post(path, { _csrf: await again.csrf('/login'), password: 'Another-Passw0rd-2', passwordConfirm: 'Another-Passw0rd-2' });
    expect(reuse.status).toBe(410);
    expect((await t.client().loginPublic('once@example.com', NEW_PASSWORD)).status).toBe(303);
  });

  it('lets only one of two simultaneous submissions of a link through', async () => {
    await t.addCitizen('race@example.com');
    await requestReset('race@example.com');
    const path = resetPath(await smtp.nextMailTo('race@example.com'));
    const [a, b] = [t.client(), t.client()];
    const [tokenA, tokenB] = [await a.csrf(path), await b.csrf(path)];
    const replies = await Promise.all([
      a.post(path, { _csrf: tokenA, password: 'Racer-A-Passw0rd', passwordConfirm: 'Racer-A-Passw0rd' }),
      b.post(path, { _csrf: tokenB, password: 'Racer-B-Passw0rd', passwordConfirm: 'Racer-B-Passw0rd' }),
    ]);
    expect(replies.map((r) => r.status).sort()).toEqual([303, 410]);
  });

  it('refuses an expired link', async () => {
    await t.addCitizen('late@example.com');
    await requestReset('late@example.com');
    const path = resetPath(await smtp.nextMailTo('late@example.com'));
    await t.database.db.updateTable('password_resets').set({ expires_at: new Date(Date.now() - 1000).toISOString() }).where('token_hash', '=', sha256(path.split('/').pop()!)).execute();
    expect((await t.client().get(path)).status).toBe(410);
  });

  it('answers an unknown address exactly as a known one, and sends nothing', async () => {
    const known = await requestReset('reset@example.com');
    await smtp.nextMailTo('reset@example.com');
    const unknown = await requestReset('nobody@example.com');
    expect(unknown.status).toBe(known.status);
    expect(textOf(unknown.body).replace(/[A-Za-z0-9_-]{40,}/g, 'TOKEN')).toBe(textOf(known.body).replace(/[A-Za-z0-9_-]{40,}/g, 'TOKEN'));
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(mailsTo('nobody@example.com')).toBe(0);
    expect(await t.database.db.selectFrom('password_resets').select('token_hash').where('account_id', 'is', null).execute()).toEqual([]);
  });

  it('builds the link from the site, not from a Host header a stranger sent', async () => {
    await t.addCitizen('host@example.com');
    await requestReset('host@example.com', 'evil.example');
    const mail = await smtp.nextMailTo('host@example.com');
    expect(mail.text).not.toContain('evil.example');
    expect(mail.text).toMatch(/http:\/\/localhost\/password\/reset\//);
  });

  it('validates the address and the new password in Chinese', async () => {
    const bad = await requestReset('not-an-email');
    expect(bad.status).toBe(422);
    expect(bad.body).toContain('电子邮箱格式不正确');
    await t.addCitizen('policy@example.com');
    await requestReset('policy@example.com');
    const path = resetPath(await smtp.nextMailTo('policy@example.com'));
    const weak = await t.client().submit(path, { password: 'abc', passwordConfirm: 'abc' });
    expect(weak.status).toBe(422);
    expect(weak.body).toContain('密码至少 10 位');
    expect((await t.client().get(path)).status).toBe(200);
  });
});
