import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../../test/support/test-app.js';
import type { StaffRole } from '../accounts/roles.js';
import { testDialects } from '../../platform/db/testing.js';
import { documentInputSchema, type DocumentInput } from './documents.schemas.js';
import * as store from './documents.store.js';
import { createDraft, formatIndexNumber, saveVersion } from './editing.service.js';
import { findingsOf, maskBodyFinding, overrideFinding, rescanVersion } from './findings.service.js';
import { addRelation, expireDocuments, removeRelation } from './validity.service.js';
import { publicationBlockers, publishDocument, publishDue, reviewDocument, submitForReview, withdrawDocument } from './workflow.service.js';

const input = (over: Record<string, string> = {}): DocumentInput =>
  documentInputSchema.parse({
    type: 'normative', title: '关于加强控制性详细规划管理的通知', docNumber: '沪规划资源规〔2026〕3号', issuers: '上海市规划和自然资源局',
    theme: '详细规划', body: '各区规划资源局：为进一步加强控制性详细规划管理，现就有关事项通知如下。', ...over,
  });

for (const kind of testDialects()) {
  describe(`publishing workflow (${kind})`, () => {
    let t: TestApp;
    const people: Record<string, { id: number; siteId: number; label: string; ip: string; roles: StaffRole[] }> = {};
    const site = () => ({ id: t.siteId, siteCode: '3100000000' });
    const attr = { disclosure: 'proactive', reason: null, targeted: false, recipients: [] };

    beforeAll(async () => {
      t = await startTestApp(kind);
      for (const [name, roles] of Object.entries({ editor: ['editor'], reviewer: ['reviewer'], secrecy: ['confidentiality'], head: ['head'], gkb: ['disclosure_office'] } as Record<string, StaffRole[]>)) {
        const id = await t.addStaff(name, roles);
        people[name] = { id, siteId: t.siteId, label: name, ip: '127.0.0.1', roles };
      }
    });
    afterAll(() => t.close());

    async function approveAll(id: number) {
      const doc = (await store.findDocument(t.database.db, id))!;
      expect((await reviewDocument(t.database, id, { version: doc.current_version, decision: 'approve', comment: '', attribute: attr }, people.reviewer!)).ok).toBe(true);
      expect((await reviewDocument(t.database, id, { version: doc.current_version, decision: 'approve', comment: '' }, people.secrecy!)).ok).toBe(true);
      expect((await reviewDocument(t.database, id, { version: doc.current_version, decision: 'approve', comment: '' }, people.head!)).ok).toBe(true);
    }

    it('numbers documents per site and year, and versions every save', async () => {
      const created = await createDraft(t.database, site(), input(), people.editor!);
      expect(created.ok).toBe(true);
      const id = created.ok ? created.value : 0;
      const doc = (await store.findDocument(t.database.db, id))!;
      expect(doc.index_number).toMatch(/^3100000000\/\d{4}-\d{5}$/);
      expect(formatIndexNumber('3100000000', 2026, 42)).toBe('3100000000/2026-00042');
      const saved = await saveVersion(t.database, id, input({ title: '关于加强控制性详细规划管理的通知（修订）' }), people.editor!);
      expect(saved).toEqual({ ok: true, value: 2 });
      expect((await store.listVersions(t.database.db, id)).map((v) => v.version)).toEqual([2, 1]);
      const stale = await saveVersion(t.database, id, input(), people.editor!, { expectedVersion: 1 });
      expect(stale.ok).toBe(false);
    });

    it('takes three reviews by other people, in order, then publishes', async () => {
      const id = (await createDraft(t.database, site(), input(), people.editor!) as { value: number }).value;
      expect((await submitForReview(t.database, id, people.editor!)).ok).toBe(true);
      const own = await reviewDocument(t.database, id, { version: 1, decision: 'approve', comment: '', attribute: attr }, { ...people.editor!, roles: ['editor', 'reviewer'] });
      expect(own).toMatchObject({ ok: false });
      expect(JSON.stringify(own)).toContain('不能审查自己');
      const wrongRole = await reviewDocument(t.database, id, { version: 1, decision: 'approve', comment: '', attribute: attr }, people.secrecy!);
      expect(JSON.stringify(wrongRole)).toContain('公开属性认定');
      expect(await publicationBlockers(t.database.db, id)).not.toHaveLength(0);
      await approveAll(id);
      expect((await store.findDocument(t.database.db, id))!.status).toBe('approved');
      expect((await publishDocument(t.database, id, { ...people.reviewer! })).ok).toBe(true);
      const doc = (await store.findDocument(t.database.db, id))!;
      expect(doc.status).toBe('published');
      expect(doc.published_version).toBe(1);
      const audit = await t.database.db.selectFrom('audit_log').select('action').where('target_id', '=', String(id)).execute();
      expect(audit.map((a) => a.action)).toEqual(expect.arrayContaining(['document.create', 'document.submit', 'document.review.attribute', 'document.review.confidentiality', 'document.review.approval', 'document.publish']));
    });

    it('sends an edited document back: a review approves one version only', async () => {
      const id = (await createDraft(t.database, site(), input(), people.editor!) as { value: number }).value;
      await submitForReview(t.database, id, people.editor!);
      await reviewDocument(t.database, id, { version: 1, decision: 'approve', comment: '', attribute: attr }, people.reviewer!);
      await saveVersion(t.database, id, input({ title: '关于加强控制性详细规划管理的通知（二稿）' }), people.editor!);
      expect((await store.findDocument(t.database.db, id))!.status).toBe('draft');
      await submitForReview(t.database, id, people.editor!);
      const stale = await reviewDocument(t.database, id, { version: 1, decision: 'approve', comment: '' }, people.secrecy!);
      expect(JSON.stringify(stale)).toContain('第 2 版');
      const again = await reviewDocument(t.database, id, { version: 2, decision: 'approve', comment: '' }, people.secrecy!);
      expect(JSON.stringify(again)).toContain('公开属性认定');
    });

    it('blocks publishing while personal data is unmasked; masking or a reasoned override clears it', async () => {
      const body = '经公示，张三（身份证号310101199003073236，电话13812345678）符合条件。';
      const id = (await createDraft(t.database, site(), input({ body }), people.editor!) as { value: number }).value;
      const findings = await findingsOf(t.database.db, id, 1);
      expect(findings.map((f) => f.type).sort()).toEqual(['id_card', 'mobile']);
      expect(findings.every((f) => !f.masked.includes('199003073236'))).toBe(true);
      const idFinding = findings.find((f) => f.type === 'id_card')!;
      const masked = await maskBodyFinding(t.database, idFinding.id, people.editor!, []);
      expect(masked).toEqual({ ok: true, value: 2 });
      const v2 = (await store.findVersion(t.database.db, id, 2))!;
      expect(v2.body_text).not.toContain('310101199003073236');
      expect(v2.body_text).toContain('3236');
      const open = (await findingsOf(t.database.db, id, 2)).filter((f) => f.status === 'open');
      expect(open.map((f) => f.type)).toEqual(['mobile']);
      await submitForReview(t.database, id, people.editor!);
      await approveAll(id);
      expect((await publicationBlockers(t.database.db, id)).join()).toContain('1 处未处理');
      expect((await publishDocument(t.database, id, people.reviewer!)).ok).toBe(false);
      expect((await overrideFinding(t.database, open[0]!.id, '系公开的咨询电话', people.reviewer!)).ok).toBe(true);
      expect((await publishDocument(t.database, id, people.reviewer!)).ok).toBe(true);
      const overrideAudit = await t.database.db.selectFrom('audit_log').select('summary').where('action', '=', 'document.finding.override').execute();
      expect(overrideAudit.at(-1)!.summary).toContain('系公开的咨询电话');
    });

    it('publishes a policy that needs an interpretation only together with an approved one (三同步)', async () => {
      const policyId = (await createDraft(t.database, site(), input({ needsInterpretation: 'on' }), people.editor!) as { value: number }).value;
      await submitForReview(t.database, policyId, people.editor!);
      await approveAll(policyId);
      expect((await publicationBlockers(t.database.db, policyId)).join()).toContain('三同步');
      const interp = input({ type: 'interpretation', title: '《关于加强控制性详细规划管理的通知》政策解读', interpretsId: String(policyId), interpretationForm: 'qa', docNumber: '' });
      const interpId = (await createDraft(t.database, site(), interp, people.editor!) as { value: number }).value;
      await submitForReview(t.database, interpId, people.editor!);
      await approveAll(interpId);
      expect((await publishDocument(t.database, policyId, people.reviewer!)).ok).toBe(true);
      expect((await store.findDocument(t.database.db, interpId))!.status).toBe('published');
    });

    it('keeps validity true: repeal and amendment take effect on publication, and expiry', async () => {
      const make = async (title: string, over: Record<string, string> = {}) => (await createDraft(t.database, site(), input({ title, ...over }), people.editor!) as { value: number }).value;
      const old = await make('关于规划管理的旧规定');
      const amended = await make('关于规划管理的另一规定');
      const repealer = await make('关于废止部分规范性文件的决定', { effectiveOn: '2026-03-01' });
      expect((await addRelation(t.database, { fromId: repealer, toId: old, kind: 'repeals' }, people.editor!)).ok).toBe(true);
      expect((await addRelation(t.database, { fromId: repealer, toId: amended, kind: 'amends' }, people.editor!)).ok).toBe(true);
      expect((await store.findDocument(t.database.db, old))!.validity).toBe('current');
      await submitForReview(t.database, repealer, people.editor!);
      await approveAll(repealer);
      expect((await publishDocument(t.database, repealer, people.reviewer!)).ok).toBe(true);
      const oldRow = (await store.findDocument(t.database.db, old))!;
      expect([oldRow.validity, oldRow.validity_changed_on]).toEqual(['repealed', '2026-03-01']);
      expect((await store.findDocument(t.database.db, amended))!.validity).toBe('amended');
      expect((await addRelation(t.database, { fromId: amended, toId: old, kind: 'repeals' }, people.editor!)).ok).toBe(false);
      expect((await removeRelation(t.database, { fromId: repealer, toId: amended, kind: 'amends' }, people.editor!)).ok).toBe(true);
      expect((await store.findDocument(t.database.db, amended))!.validity).toBe('current');
      const expiring = await make('有效期两年的通知', { effectiveOn: '2024-01-01', expiresOn: '2025-12-31' });
      expect(await expireDocuments(t.database, '2026-01-01')).toBeGreaterThanOrEqual(1);
      expect((await store.findDocument(t.database.db, expiring))!.validity).toBe('expired');
    });

    it('keeps a reasoned override across re-scans and new versions', async () => {
      const id = (await createDraft(t.database, site(), input({ body: '咨询电话：13812345678，欢迎来电咨询相关政策。' }), people.editor!) as { value: number }).value;
      const [mobile] = await findingsOf(t.database.db, id, 1);
      expect((await overrideFinding(t.database, mobile!.id, '公开的咨询电话', people.reviewer!)).ok).toBe(true);
      await t.database.db.transaction().execute((trx) => rescanVersion(trx, id, 1, []));
      expect((await findingsOf(t.database.db, id, 1)).map((f) => f.status)).toEqual(['overridden']);
      await saveVersion(t.database, id, input({ body: '咨询电话：13812345678，欢迎来电咨询相关政策。新增一段说明文字。' }), people.editor!);
      expect((await findingsOf(t.database.db, id, 2)).map((f) => f.status)).toEqual(['overridden']);
    });

    it('withdraws with a reason and the right role; schedules and publishes when due', async () => {
      const id = (await createDraft(t.database, site(), input({ title: '关于定时发布的通知' }), people.editor!) as { value: number }).value;
      await submitForReview(t.database, id, people.editor!);
      await approveAll(id);
      const later = new Date(Date.now() + 3_600_000);
      expect(await publishDocument(t.database, id, people.reviewer!, { at: later })).toEqual({ ok: true, value: 'scheduled' });
      expect(await publishDue(t.database, { published: async () => {}, unpublished: async () => {} })).toBe(0);
      await t.database.db.updateTable('documents').set({ scheduled_at: new Date(Date.now() - 1000).toISOString() }).where('id', '=', id).execute();
      expect(await publishDue(t.database, { published: async () => {}, unpublished: async () => {} })).toBe(1);
      expect((await store.findDocument(t.database.db, id))!.status).toBe('published');
      expect((await withdrawDocument(t.database, id, '内容有误需更正', people.editor!)).ok).toBe(false);
      expect((await withdrawDocument(t.database, id, '内容有误需更正', people.gkb!)).ok).toBe(true);
      const row = (await store.findDocument(t.database.db, id))!;
      expect([row.status, row.withdrawn_reason]).toEqual(['withdrawn', '内容有误需更正']);
    });
  });
}
