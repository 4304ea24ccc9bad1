import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SECRET_PURPOSE } from '../src/modules/subscriptions/webhooks/index.js';
import { testDialects } from '../src/platform/db/testing.js';
import { openSecret } from '../src/platform/notify/secret-box.js';
import { textOf, type Client } from './support/client.js';
import { startTestApp, type TestApp } from './support/test-app.js';
import { orgClient } from './support/webhooks.js';

/* The webhook registry pages: /console/webhooks (admins) and /space/webhooks (organisation accounts only). */

const secretOf = (html: string) => /<code id="signing-secret">(whsec_[A-Za-z0-9_-]+)<\/code>/.exec(html)?.[1];

describe.each(testDialects())('webhook endpoints in the console and the enterprise space (%s)', (kind) => {
  let t: TestApp;
  let admin: Client;
  let orgA: { client: Client; id: number };
  let orgB: { client: Client; id: number };

  const rows = () => t.database.db.selectFrom('webhook_endpoints').selectAll().orderBy('id').execute();
  const audits = (action: string) => t.database.db.selectFrom('audit_log').select(['actor_label', 'summary', 'target_id']).where('action', '=', action).execute();

  beforeAll(async () => {
    t = await startTestApp(kind);
    admin = await t.staffClient('hookadmin', ['admin']);
    orgA = await orgClient(t, 'assoc-a@example.com', '甲市建筑业协会');
    orgB = await orgClient(t, 'park-b@example.com', '乙产业园区管理有限公司');
  });
  afterAll(async () => {
    await t?.close();
  });

  it('lets only admins into the console pages', async () => {
    const editor = await t.staffClient('hookeditor', ['editor']);
    expect((await editor.get('/console/webhooks')).status).toBe(403);
    expect((await admin.get('/console/webhooks')).status).toBe(200);
    expect((await orgA.client.get('/console/webhooks')).status).toBe(403);
  });

  it('explains to a person that push endpoints are for organisations, and refuses their POSTs', async () => {
    const person = await t.citizenClient('person-hooks@example.com');
    const page = await person.get('/space/webhooks');
    expect(page.status).toBe(200);
    expect(textOf(page.body)).toContain('推送接口供协会、商会、园区、企业等法人或其他组织账号使用');
    expect(page.body).not.toContain('href="/space/webhooks"');
    const refused = await person.submit('/space/webhooks/new', { name: '我的接口', url: 'https://hooks.example.com/x' }, '/space/webhooks');
    expect(refused.status).toBe(403);
    expect(textOf(refused.body)).toContain('法人或其他组织账号');
    expect(await rows()).toHaveLength(0);
  });

  it('shows validation errors in Chinese next to the fields, keeping the input, and refuses private addresses', async () => {
    const bad = await admin.submit('/console/webhooks/new', { name: '', url: 'ftp://files.example.com/in', criterion: 'theme', value: '' }, '/console/webhooks/new');
    expect(bad.status).toBe(422);
    const text = textOf(bad.body);
    expect(text).toContain('请填写名称');
    expect(text).toContain('只支持 http:// 或 https:// 开头的网址');
    expect(text).toContain('选择了筛选条件时请填写筛选值');
    expect(bad.body).toContain('value="ftp://files.example.com/in"');
    const local = await admin.submit('/console/webhooks/new', { name: '内网', url: 'http://192.168.1.10/hook' }, '/console/webhooks/new');
    expect(local.status).toBe(422);
    expect(textOf(local.body)).toContain('不能使用内网、本机或保留地址');
    const nonsense = await admin.submit('/console/webhooks/new', { name: 'x', url: '不是网址', criterion: 'nonsense' }, '/console/webhooks/new');
    expect(nonsense.status).toBe(422);
    expect(textOf(nonsense.body)).toContain('请选择筛选条件');
    expect(await rows()).toHaveLength(0);
  });

  it('registers an endpoint, shows the signing secret once and stores it only encrypted; audited', async () => {
    const created = await admin.submit('/console/webhooks/new', { name: '市大数据中心', url: 'https://hooks.example.com/gongkai', criterion: 'theme', value: '城市更新' }, '/console/webhooks/new');
    expect(created.status).toBe(200);
    const secret = secretOf(created.body)!;
    expect(secret).toBeTruthy();
    expect(textOf(created.body)).toContain('密钥只显示这一次');
    const [row] = await rows();
    expect(row).toMatchObject({ name: '市大数据中心', owner_account_id: null, criterion: 'theme', value: '城市更新', status: 'active' });
    expect(row!.secret_enc).not.toContain(secret);
    expect(openSecret(t.gk.services.secret, SECRET_PURPOSE, row!.secret_enc)).toBe(secret);
    const list = await admin.get('/console/webhooks');
    expect(list.body).not.toContain(secret);
    expect(textOf(list.body)).toContain('主题：城市更新');
    expect((await audits('webhook.create')).map((a) => a.target_id)).toContain(String(row!.id));
  });

  it('organisations register their own endpoints and see and touch only those', async () => {
    const a = await orgA.client.submit('/space/webhooks/new', { name: '协会转发', url: 'https://assoc-a.example.org/hook' }, '/space/webhooks/new');
    expect(a.status).toBe(200);
    expect(secretOf(a.body)).toBeTruthy();
    const b = await orgB.client.submit('/space/webhooks/new', { name: '园区平台', url: 'https://park-b.example.com/hook' }, '/space/webhooks/new');
    expect(b.status).toBe(200);
    const all = await rows();
    const aRow = all.find((r) => r.owner_account_id === orgA.id)!;
    const bRow = all.find((r) => r.owner_account_id === orgB.id)!;

    const aPage = textOf((await orgA.client.get('/space/webhooks')).body);
    expect(aPage).toContain('协会转发');
    expect(aPage).not.toContain('园区平台');
    expect(aPage).not.toContain('市大数据中心');
    for (const action of ['rotate', 'enable', 'delete', 'test']) {
      const reply = await orgA.client.submit(`/space/webhooks/${bRow.id}/${action}`, {}, '/space/webhooks');
      expect(reply.status, action).toBe(404);
    }
    expect((await rows()).find((r) => r.id === bRow.id)!.secret_enc).toBe(bRow.secret_enc);

    const consoleList = textOf((await admin.get('/console/webhooks')).body);
    expect(consoleList).toContain('甲市建筑业协会');
    expect(consoleList).toContain('乙产业园区管理有限公司');
    expect(consoleList).toContain('本站');

    const before = aRow.secret_enc;
    const rotated = await orgA.client.submit(`/space/webhooks/${aRow.id}/rotate`, {}, '/space/webhooks');
    expect(rotated.status).toBe(200);
    const fresh = secretOf(rotated.body)!;
    const after = (await rows()).find((r) => r.id === aRow.id)!;
    expect(after.secret_enc).not.toBe(before);
    expect(openSecret(t.gk.services.secret, SECRET_PURPOSE, after.secret_enc)).toBe(fresh);
    expect((await audits('webhook.rotate_secret')).at(-1)!.actor_label).toBe('甲市建筑业协会');
  });

  it('re-enables a disabled endpoint (failures reset) and deletes one; both audited', async () => {
    const row = (await rows())[0]!;
    await t.database.db.updateTable('webhook_endpoints').set({ status: 'disabled', consecutive_failures: 10, disabled_at: new Date().toISOString(), disabled_reason: '连续 10 次推送失败' }).where('id', '=', row.id).execute();
    const list = await admin.get('/console/webhooks');
    expect(textOf(list.body)).toContain('已停用');
    expect(list.body).toContain(`/console/webhooks/${row.id}/enable`);
    const enabled = await admin.submit(`/console/webhooks/${row.id}/enable`, {}, '/console/webhooks');
    expect(enabled.status).toBe(303);
    expect((await rows())[0]).toMatchObject({ status: 'active', consecutive_failures: 0, disabled_at: null, disabled_reason: null });
    const deleted = await admin.submit(`/console/webhooks/${row.id}/delete`, {}, '/console/webhooks');
    expect(deleted.status).toBe(303);
    expect((await rows()).some((r) => r.id === row.id)).toBe(false);
    expect((await audits('webhook.enable')).length).toBe(1);
    expect((await audits('webhook.delete')).map((a) => a.target_id)).toContain(String(row.id));
    expect((await admin.post(`/console/webhooks/${row.id}/delete`, {})).status).toBe(403);
  });
});
