import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AuditActor } from '../../platform/audit/audit.service.js';
import { verifyAuditChain } from '../../platform/audit/audit.service.js';
import { createTestDatabase, testDialects, type TestDatabase } from '../../platform/db/testing.js';
import { parseColumnsForm, columnsToForm } from './columns-form.js';
import { defaultColumns } from './default-columns.js';
import { SiteDirectory } from './site-directory.js';
import { addSite, createDepartment, updateDepartment, updateSiteSettings } from './sites.service.js';
import { listDepartments, listSites } from './sites.store.js';

const actor: AuditActor = { id: null, label: '测试', ip: '10.0.0.1', siteId: null };
const footer = { sponsor: '上海市规划和自然资源局', siteCode: '3100000000', icp: '沪ICP备00000000号', psb: '沪公网安备00000000000000号', phone: '021-12345678', address: '上海市北京西路99号', email: '' };
const site = (slug: string, hosts: string, name = `${slug}站点`) => ({ slug, name, hosts, footer });

describe.each(testDialects())('sites and departments (%s)', (kind) => {
  let database: TestDatabase;

  const add = async (slug: string, hosts: string) => {
    const outcome = await addSite(database, site(slug, hosts), actor);
    if (!outcome.ok) throw new Error(JSON.stringify(outcome.errors));
    return outcome.value;
  };

  beforeEach(async () => {
    database = await createTestDatabase(kind);
  });

  afterEach(async () => {
    await database?.close();
  });

  it('makes the first site the default and gives every new site the five standard columns', async () => {
    const first = await add('main', 'localhost');
    const second = await add('pudong', 'PD.example, www.pd.example，pd.example:8080');
    const sites = await listSites(database.db);
    expect(sites.map((s) => [s.id, s.isDefault])).toEqual([[first, true], [second, false]]);
    expect(sites[1]!.hosts).toEqual(['pd.example', 'www.pd.example', 'pd.example:8080']);
    expect(sites[1]!.columns.map((c) => c.slug)).toEqual(defaultColumns.map((c) => c.slug));
    expect(sites[1]!.footer).toEqual(footer);
    const record = await database.db.selectFrom('audit_log').selectAll().orderBy('seq', 'desc').executeTakeFirstOrThrow();
    expect(record).toMatchObject({ action: 'site.create', site_id: second, target_id: String(second) });
  });

  it('explains bad input in Chinese and refuses taken slugs and host names', async () => {
    await add('main', 'a.example');
    expect(await addSite(database, site('main', 'b.example'), actor)).toEqual({ ok: false, errors: { slug: '该站点代号已存在' } });
    expect(await addSite(database, site('other', 'c.example, A.example'), actor)).toEqual({ ok: false, errors: { hosts: '域名 a.example 已被其他站点使用' } });
    const bad = await addSite(database, { slug: 'X', name: '甲', hosts: 'bad host!', footer: { ...footer, siteCode: '12' } }, actor);
    expect(bad.ok).toBe(false);
    expect(!bad.ok && bad.errors).toMatchObject({
      slug: '站点代号应为 2–32 位小写字母、数字或连字符，以字母开头',
      name: '请填写站点名称（至少 2 个字）',
      'footer.siteCode': '网站标识码应为 6–20 位字母或数字',
    });
    expect((await listSites(database.db)).map((s) => s.slug)).toEqual(['main']);
  });

  it('updates site settings, but not onto another site’s host', async () => {
    const a = await add('main', 'a.example');
    const b = await add('bsite', 'b.example');
    expect(await updateSiteSettings(database, b, { name: '乙站', hosts: ['a.example'], footer }, actor)).toEqual({ ok: false, errors: { hosts: '域名 a.example 已被其他站点使用' } });
    expect(await updateSiteSettings(database, a, { name: '甲站', hosts: ['a.example', 'www.a.example'], footer: { ...footer, phone: '021-87654321' } }, actor)).toEqual({ ok: true, value: true });
    const updated = (await listSites(database.db)).find((s) => s.id === a)!;
    expect(updated).toMatchObject({ name: '甲站', hosts: ['a.example', 'www.a.example'], footer: { phone: '021-87654321' } });
  });

  it('routes host names to sites: exact, case-insensitive, with or without port, else the default', async () => {
    await add('main', 'localhost');
    await add('bsite', 'b.example, b.example:8443');
    const directory = new SiteDirectory(database);
    await directory.refresh();
    expect(directory.forHost('b.example')?.slug).toBe('bsite');
    expect(directory.forHost('B.Example:3000')?.slug).toBe('bsite');
    expect(directory.forHost('b.example:8443')?.slug).toBe('bsite');
    expect(directory.forHost('elsewhere.example')?.slug).toBe('main');
    expect(directory.forHost(undefined)?.slug).toBe('main');
    expect(directory.defaultSite()?.slug).toBe('main');
    await add('csite', 'c.example');
    expect(directory.forHost('c.example')?.slug).toBe('main');
    await directory.refresh();
    expect(directory.forHost('c.example')?.slug).toBe('csite');
  });

  it('keeps department names and codes unique within a site, not across sites', async () => {
    const a = await add('main', 'a.example');
    const b = await add('bsite', 'b.example');
    const first = await createDepartment(database, a, { name: '办公室', code: 'BGS' }, actor);
    expect(first.ok).toBe(true);
    expect(await createDepartment(database, a, { name: '办公室', code: 'X1' }, actor)).toEqual({ ok: false, errors: { name: '该处室名称已存在' } });
    expect(await createDepartment(database, a, { name: '另一处', code: 'BGS' }, actor)).toEqual({ ok: false, errors: { code: '该处室代码已存在' } });
    expect((await createDepartment(database, b, { name: '办公室', code: 'BGS' }, actor)).ok).toBe(true);
  });

  it('updates and deactivates a department of its own site only, and ignores impossible ids', async () => {
    const a = await add('main', 'a.example');
    const b = await add('bsite', 'b.example');
    const created = await createDepartment(database, a, { name: '政策法规处', code: 'ZCFG' }, actor);
    if (!created.ok) throw new Error('department');
    expect(await updateDepartment(database, b, created.value, { name: '越权修改', code: 'ZCFG', active: true }, actor)).toEqual({ ok: false, errors: { '': '该处室不存在' } });
    for (const bad of [Number.NaN, 0, -3, 2.5, 2 ** 31]) {
      expect(await updateDepartment(database, a, bad, { name: '某处', code: 'MC', active: true }, actor), String(bad)).toEqual({ ok: false, errors: { '': '该处室不存在' } });
    }
    expect(await updateDepartment(database, a, created.value, { name: '政策法规处（已撤销）', code: 'ZCFG', active: false }, actor)).toEqual({ ok: true, value: true });
    expect(await listDepartments(database.db, a)).toMatchObject([{ name: '政策法规处（已撤销）', active: 0 }]);
    expect(await verifyAuditChain(database)).toMatchObject({ ok: true });
  });
});

describe('columns form', () => {
  it('round-trips the default columns through the flat form fields', () => {
    expect(parseColumnsForm(columnsToForm(defaultColumns))).toEqual({ ok: true, value: defaultColumns });
  });

  it('explains what is wrong with a column, field by field', () => {
    const outcome = parseColumnsForm({ 'c0.title': '政', 'c0.slug': '1abc', 'c1.title': '政策文件', 'c1.slug': 'zcwj', 'c2.title': '再来一个', 'c2.slug': 'zcwj', 'c3.slug': 'orphan' });
    expect(outcome).toEqual({
      ok: false,
      errors: {
        'c0.title': '栏目名称为 2–20 个字',
        'c0.slug': '栏目代号为 2–32 位小写字母、数字或连字符，以字母开头',
        'c2.slug': '栏目代号重复',
        'c3.title': '请填写栏目名称，或清空本组以删除栏目',
      },
    });
    expect(parseColumnsForm({})).toEqual({ ok: false, errors: { 'c0.title': '至少保留一个栏目' } });
  });
});
