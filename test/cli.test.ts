import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyPassword } from '../src/modules/accounts/passwords.js';
import { ensureDefaultSite } from '../src/seed/default-site.js';
import { appendAudit } from '../src/platform/audit/audit.service.js';
import { createTestDatabase, testDialects, type TestDatabase } from '../src/platform/db/testing.js';
import { databaseUrlOf, runCli } from './support/cli.js';

/* The gongkai command, run as a separate process against a real database. */

const PASSWORD = 'Cli-Test-Passw0rd';

describe.each(testDialects())('gongkai CLI (%s)', (kind) => {
  let database: TestDatabase;
  let env: Record<string, string>;
  const gongkai = (...args: string[]) => runCli(args, env);

  const rolesOf = async (username: string) => {
    const account = await database.db.selectFrom('accounts').selectAll().where('username', '=', username).executeTakeFirst();
    if (!account) return undefined;
    const roles = await database.db.selectFrom('staff_roles').select('role').where('account_id', '=', account.id).execute();
    return { account, roles: roles.map((r) => r.role).sort() };
  };

  beforeAll(async () => {
    database = await createTestDatabase(kind);
    await ensureDefaultSite(database);
    env = { DATABASE_URL: databaseUrlOf(database) };
  });

  afterAll(async () => {
    await database?.close();
  });

  it('adds a staff user with roles given as Chinese labels', async () => {
    const result = await gongkai('user', 'add', '--name', '测试', '--username', 'tester', '--roles', '编辑,审核', '--password', PASSWORD);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('已创建工作人员 测试（登录名 tester');
    const created = await rolesOf('tester');
    expect(created?.roles).toEqual(['editor', 'reviewer']);
    expect(created?.account).toMatchObject({ kind: 'staff', name: '测试', status: 'active', is_platform_admin: 0 });
    expect(await verifyPassword(created!.account.password_hash, PASSWORD)).toBe(true);
  });

  it('accepts role codes, mixed with labels and Chinese commas, and prints a generated password', async () => {
    const result = await gongkai('user', 'add', '--name', '吴负责', '--username', 'wu.head', '--roles', 'head，解读评审专家');
    expect(result.code).toBe(0);
    const password = /初始密码：(\S+)/.exec(result.stdout)?.[1];
    expect(password).toBeTruthy();
    const created = await rolesOf('wu.head');
    expect(created?.roles).toEqual(['expert', 'head']);
    expect(await verifyPassword(created!.account.password_hash, password!)).toBe(true);
  });

  it('refuses an unknown role with exit code 2 and a Chinese message, creating nothing', async () => {
    const result = await gongkai('user', 'add', '--name', '厨师长', '--username', 'chef', '--roles', '编辑,厨师', '--password', PASSWORD);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('未知角色：厨师');
    expect(await rolesOf('chef')).toBeUndefined();
  });

  it('refuses a taken user name and missing options with exit code 2', async () => {
    const taken = await gongkai('user', 'add', '--name', '另一个测试', '--username', 'tester', '--roles', 'editor', '--password', PASSWORD);
    expect(taken.code).toBe(2);
    expect(taken.stderr).toContain('该登录名已被使用');
    const missing = await gongkai('user', 'add', '--username', 'nobody');
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('user add 需要 --name 和 --roles');
  });

  it('adds a site, and refuses a second one with the same slug', async () => {
    const args = ['site', 'add', '--slug', 'pudong', '--name', '浦东新区规划资源局', '--hosts', 'pd.example,www.pd.example', '--site-code', '3101150001',
      '--icp', '沪ICP备12345678号', '--psb', '沪公网安备31011502000001号', '--phone', '021-12345678', '--address', '浦东新区某路1号'];
    const first = await gongkai(...args);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    const site = await database.db.selectFrom('sites').selectAll().where('slug', '=', 'pudong').executeTakeFirstOrThrow();
    expect(site).toMatchObject({ name: '浦东新区规划资源局', hosts: 'pd.example,www.pd.example', is_default: 0 });
    const again = await gongkai(...args.map((a) => (a === 'pd.example,www.pd.example' ? 'other.example' : a)));
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('该站点代号已存在');
    const incomplete = await gongkai('site', 'add', '--slug', 'minhang', '--name', '闵行', '--hosts', 'mh.example');
    expect(incomplete.code).toBe(2);
    expect(incomplete.stderr).toContain('网站标识码应为 6–20 位字母或数字');
  });

  it('computes a deadline over the National Day holiday', async () => {
    const result = await gongkai('deadline', '--start', '2026-09-28', '--working-days', '20');
    expect(result.code).toBe(0);
    expect(result.stdout.split('\n')[0]).toBe('2026-10-30');
  });

  it('exits 2 on bad deadline arguments', async () => {
    const cases = [['--start', '2026-02-30', '--working-days', '20'], ['--start', '2026-09-28'], ['--start', '2026-09-28', '--working-days', 'abc']];
    const results = await Promise.all(cases.map((args) => gongkai('deadline', ...args)));
    results.forEach((result, i) => {
      expect(result.code, cases[i]!.join(' ')).toBe(2);
      expect(result.stderr.length, cases[i]!.join(' ')).toBeGreaterThan(0);
    });
  });

  it('exits 2 naming the setting when the configuration is wrong', async () => {
    const [port, url] = await Promise.all([
      runCli(['migrate'], { ...env, PORT: 'abc' }),
      runCli(['migrate'], { DATABASE_URL: 'mysql://localhost/gongkai' }),
    ]);
    expect(port.code).toBe(2);
    expect(port.stderr).toContain('配置有误');
    expect(port.stderr).toContain('PORT');
    expect(url.code).toBe(2);
    expect(url.stderr).toContain('DATABASE_URL: 须以 sqlite: 或 postgres:// 开头');
  });

  it('exits 2 on an unknown command', async () => {
    const result = await gongkai('frobnicate');
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('未知命令：frobnicate');
  });

  it('verifies the audit chain: exit 0 when intact, 1 naming the record after tampering', async () => {
    await database.db.transaction().execute((trx) =>
      appendAudit(trx, { id: null, label: '测试', ip: '-', siteId: null }, { action: 'test.cli', targetType: 'thing', targetId: 1, summary: '原始说明' }),
    );
    const intact = await gongkai('audit', 'verify');
    expect(intact.code).toBe(0);
    expect(intact.stdout).toContain('哈希链校验通过');
    const target = await database.db.selectFrom('audit_log').select('seq').where('action', '=', 'test.cli').executeTakeFirstOrThrow();
    await sql`update audit_log set summary = ${'被改过'} where seq = ${target.seq}`.execute(database.db);
    const broken = await gongkai('audit', 'verify');
    expect(broken.code).toBe(1);
    expect(broken.stderr).toContain(`审计日志第 ${target.seq} 号记录校验失败`);
  });

  it('seeds the demo without announcing its history: only the newest policies become notify events', async () => {
    // A database of its own: the demo seeds its accounts only where no staff exist yet (the tests above add some).
    const fresh = await createTestDatabase(kind);
    const database = fresh;
    const env = { DATABASE_URL: databaseUrlOf(fresh) };
    try {
      const seeded = await runCli(['seed', '--demo'], env, 240_000);
      expect(seeded.stderr).toBe('');
      expect(seeded.code).toBe(0);
      const published = await database.db.selectFrom('documents').select((eb) => eb.fn.countAll<number>().as('n')).where('status', '=', 'published').executeTakeFirstOrThrow();
      expect(Number(published.n)).toBeGreaterThan(100);
      const all = await database.db.selectFrom('notify_events').select(['id', 'kind', 'document_id', 'status']).execute();
      // Besides the demo push and relay package (delivered by their own seeds):
      expect(all.filter((e) => e.kind !== 'publication').map((e) => [e.kind, e.status]).sort()).toEqual([['push', 'done'], ['relay', 'done']]);
      const events = all.filter((e) => e.kind === 'publication');
      // The newest three, and the newest of each theme or type a demo subscriber follows (three in the demo).
      const followed = await database.db.selectFrom('subscriptions').select(['criterion', 'value']).distinct().where('criterion', 'in', ['theme', 'type']).execute();
      expect(followed.length).toBeGreaterThan(0);
      expect(events.length).toBeGreaterThanOrEqual(3);
      expect(events.length).toBeLessThanOrEqual(3 + followed.length);
      expect(events.every((e) => e.status === 'matching')).toBe(true);
      // Queued for whichever process runs the queue later (no REDIS_URL here: the embedded runner's table).
      const queued = await database.db.selectFrom('jobs').select('idempotency_key').where('name', '=', 'notify.match').execute();
      expect(queued.map((j) => j.idempotency_key).sort()).toEqual(events.map((e) => `notify.match:${e.id}`).sort());
      // They are the newest of the published, proactive, untargeted policies.
      const newest = await database.db
        .selectFrom('documents')
        .select('id')
        .where('status', '=', 'published')
        .where('disclosure', '=', 'proactive')
        .where('targeted', '=', 0)
        .orderBy('published_at', 'desc')
        .orderBy('id', 'desc')
        .limit(3)
        .execute();
      for (const d of newest) expect(events.map((e) => e.document_id)).toContain(d.id);
      for (const f of followed) {
        const announced = await database.db.selectFrom('documents').select('id').where('id', 'in', events.map((e) => e.document_id!)).where(f.criterion === 'theme' ? 'theme' : 'type', '=', f.value).execute();
        expect(announced.length, `${f.criterion}=${f.value}`).toBeGreaterThan(0);
      }
      const again = await runCli(['seed', '--demo'], env, 240_000);
      expect(again.code).toBe(0);
      expect(again.stdout).toContain('演示数据已存在');
      expect(await database.db.selectFrom('notify_events').select('id').execute()).toHaveLength(all.length);
    } finally {
      await fresh.close();
    }
  }, 600_000);
});
