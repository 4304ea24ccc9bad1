import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestDatabase, testDialects, type TestDatabase } from '../db/testing.js';
import { appendAudit, auditHash, GENESIS_HASH, listAudit, verifyAuditChain, type AuditActor } from './audit.service.js';

const actor: AuditActor = { id: 7, label: '王管理', ip: '10.1.2.3', siteId: null };

describe.each(testDialects())('audit hash chain (%s)', (kind) => {
  let database: TestDatabase;

  const append = (n: number, prefix = '操作') =>
    (async () => {
      for (let i = 1; i <= n; i++) {
        await database.db.transaction().execute((trx) =>
          appendAudit(trx, actor, { action: 'test.step', targetType: 'thing', targetId: i, summary: `${prefix} ${i}`, detail: { i } }),
        );
      }
    })();
  const rows = () => database.db.selectFrom('audit_log').selectAll().orderBy('seq').execute();

  beforeEach(async () => {
    database = await createTestDatabase(kind);
  });

  afterEach(async () => {
    await database?.close();
  });

  it('verifies an empty chain and a fresh one', async () => {
    expect(await verifyAuditChain(database)).toEqual({ ok: true, records: 0 });
    await append(5);
    expect(await verifyAuditChain(database)).toEqual({ ok: true, records: 5 });
  });

  it('links each record to the one before and hashes every field', async () => {
    await append(3);
    const [first, second, third] = await rows();
    expect(first!.prev_hash).toBe(GENESIS_HASH);
    expect(second!.prev_hash).toBe(first!.hash);
    expect(third!.prev_hash).toBe(second!.hash);
    for (const row of [first!, second!, third!]) expect(auditHash(row)).toBe(row.hash);
    expect(first).toMatchObject({ actor_id: 7, actor_label: '王管理', ip: '10.1.2.3', action: 'test.step', target_id: '1', summary: '操作 1', detail: '{"i":1}' });
  });

  it('names the altered record when a summary is changed in SQL', async () => {
    await append(6);
    const target = (await rows())[3]!;
    await sql`update audit_log set summary = ${'改过的说明'} where seq = ${target.seq}`.execute(database.db);
    const result = await verifyAuditChain(database);
    expect(result).toMatchObject({ ok: false, brokenSeq: target.seq, records: 3 });
    expect(!result.ok && result.reason).toContain('篡改');
  });

  it('names the record after a deleted one', async () => {
    await append(6);
    const all = await rows();
    await sql`delete from audit_log where seq = ${all[2]!.seq}`.execute(database.db);
    expect(await verifyAuditChain(database)).toMatchObject({ ok: false, brokenSeq: all[3]!.seq, records: 2 });
  });

  it('catches a record rewritten with a matching hash by its broken link to the next', async () => {
    await append(4);
    const all = await rows();
    const forged = { ...all[1]!, summary: '伪造' };
    await sql`update audit_log set summary = ${forged.summary}, hash = ${auditHash(forged)} where seq = ${forged.seq}`.execute(database.db);
    expect(await verifyAuditChain(database)).toMatchObject({ ok: false, brokenSeq: all[2]!.seq });
  });

  it('walks long chains in batches', async () => {
    await append(12);
    expect(await verifyAuditChain(database, 5)).toEqual({ ok: true, records: 12 });
    const all = await rows();
    await sql`update audit_log set ip = ${'1.1.1.1'} where seq = ${all[10]!.seq}`.execute(database.db);
    expect(await verifyAuditChain(database, 5)).toMatchObject({ ok: false, brokenSeq: all[10]!.seq, records: 10 });
  });

  it('keeps a valid chain under 50 concurrent transactions', async () => {
    await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        database.db.transaction().execute(async (trx) => {
          await appendAudit(trx, { ...actor, label: `并发 ${i}` }, { action: 'test.concurrent', targetType: 'thing', targetId: i, summary: `并发写入 ${i}` });
        }),
      ),
    );
    expect(await verifyAuditChain(database)).toEqual({ ok: true, records: 50 });
    const hashes = new Set((await rows()).map((r) => r.prev_hash));
    expect(hashes.size).toBe(50);
  });

  it('writes nothing when the surrounding transaction rolls back', async () => {
    await append(2);
    await expect(
      database.db.transaction().execute(async (trx) => {
        await appendAudit(trx, actor, { action: 'test.rollback', targetType: 'thing', targetId: 9, summary: '将被撤销' });
        throw new Error('the action failed');
      }),
    ).rejects.toThrow('the action failed');
    expect((await rows()).map((r) => r.action)).toEqual(['test.step', 'test.step']);
    await append(1, '之后');
    expect(await verifyAuditChain(database)).toEqual({ ok: true, records: 3 });
  });

  it('filters the log by site, actor, action and time, newest first', async () => {
    await database.db.transaction().execute(async (trx) => {
      await appendAudit(trx, { ...actor, siteId: null }, { action: 'auth.login', targetType: 'account', targetId: 1, summary: '登录成功' });
      await appendAudit(trx, { ...actor, label: '李编辑', siteId: null }, { action: 'staff.create', targetType: 'account', targetId: 2, summary: '新建' });
    });
    expect((await listAudit(database, { limit: 10 })).map((r) => r.action)).toEqual(['staff.create', 'auth.login']);
    expect((await listAudit(database, { actor: '编辑', limit: 10 })).map((r) => r.actor_label)).toEqual(['李编辑']);
    expect((await listAudit(database, { action: 'auth', limit: 10 })).map((r) => r.action)).toEqual(['auth.login']);
    expect(await listAudit(database, { siteId: 99, limit: 10 })).toEqual([]);
    expect(await listAudit(database, { from: '2999-01-01T00:00:00.000Z', limit: 10 })).toEqual([]);
  });
});
