import type { Updateable } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as documents from '../src/modules/documents/documents.store.js';
import type { DocumentsTable } from '../src/modules/documents/documents.tables.js';
import { interpretationScoreRoutes, interpretationsForPolicy } from '../src/modules/interpretations/index.js';
import { testDialects } from '../src/platform/db/testing.js';
import { textOf as text, type Client } from './support/client.js';
import { startTestApp, type TestApp } from './support/test-app.js';

/* B3 expert scoring of interpretations, and follow-up interpretations, through the real app. */

const marks = (over: Record<string, string> = {}) => ({ accuracy: '5', clarity: '4', completeness: '4', timeliness: '3', variety: '2', comment: '', ...over });

describe.each(testDialects())('interpretation scores (%s)', (kind) => {
  let t: TestApp;
  let seq = 0;
  const db = () => t.database.db;
  const ids: Record<string, number> = {};
  const clients: Record<string, Client> = {};

  async function addDocument(title: string, over: Updateable<DocumentsTable> = {}, editors: (number | null)[] = [over.owner_id ?? null]): Promise<number> {
    seq += 1;
    const now = new Date(Date.now() - (100 - seq) * 60_000).toISOString();
    const id = await documents.insertDocument(db(), {
      site_id: t.siteId, type: 'interpretation', index_number: `3100000000/2026-8${String(seq).padStart(4, '0')}`, status: 'published', title,
      doc_number: null, issuers: '["上海市规划和自然资源局"]', theme: null, written_on: null, effective_on: null, expires_on: null,
      validity: 'current', validity_changed_on: null, disclosure: 'proactive', disclosure_reason: null, disclosure_method: '政府网站', targeted: 0,
      audience_tags: '[]', needs_interpretation: 0, interpretation_form: 'text', interprets_id: null, current_version: editors.length, published_version: 1,
      published_at: now, scheduled_at: null, withdrawn_at: null, withdrawn_reason: null, owner_id: null, department_id: null, external_id: null,
      created_at: now, updated_at: now, ...over,
    });
    for (const [i, createdBy] of editors.entries()) {
      await documents.insertVersion(db(), { documentId: id, version: i + 1, title, bodyHtml: '<p>解读正文</p>', bodyText: '解读正文', fields: {}, createdBy, note: '测试' });
    }
    return id;
  }

  const scoreRows = (interpretationId: number) => db().selectFrom('interpretation_scores').selectAll().where('interpretation_id', '=', interpretationId).execute();
  const audit = (action: string) => db().selectFrom('audit_log').select(['actor_label', 'target_id']).where('action', '=', action).execute();
  const score = (client: Client, id: number, form: Record<string, string>) => client.submit(`/console/interpretation-scores/${id}/score`, form, '/console/interpretation-scores');

  beforeAll(async () => {
    t = await startTestApp(kind);
    // Until src/app/routes.ts lists the module, mount it here (before the first request readies the app).
    if (!t.gk.app.hasRoute({ method: 'GET', url: '/console/interpretation-scores' })) interpretationScoreRoutes(t.gk.app, t.gk.services);
    for (const [name, roles] of Object.entries({ expert: ['expert'], expert2: ['expert'], author: ['editor', 'expert'], coauthor: ['expert'], reviewer: ['reviewer'], editor: ['editor'] } as const)) {
      clients[name] = await t.staffClient(`is.${name}`, [...roles]);
      ids[name] = (await db().selectFrom('accounts').select('id').where('username', '=', `is.${name}`).executeTakeFirstOrThrow()).id;
    }
    ids.policy = await addDocument('关于优化建设工程审批流程的通知', { type: 'normative', interpretation_form: null });
    ids.first = await addDocument('审批流程优化政策解读', { interprets_id: ids.policy, owner_id: ids.editor! }, [ids.editor!, ids.coauthor!]);
    ids.own = await addDocument('本人起草的解读', { interprets_id: ids.policy, owner_id: ids.author!, status: 'in_review', published_at: null, published_version: null });
    ids.draft = await addDocument('尚在起草的解读', { interprets_id: ids.policy, status: 'draft', published_at: null, published_version: null });
    ids.followUp = await addDocument('审批流程优化：常见问题跟踪解读', { interprets_id: ids.policy, interpretation_form: 'qa' });
    ids.targeted = await addDocument('定向公开的解读', { interprets_id: ids.policy, targeted: 1 });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('refuses visitors, citizens and staff without the role; only experts open the scoring form', async () => {
    const visitor = t.client();
    const reply = await visitor.get('/console/interpretation-scores');
    expect(reply.status).toBe(303);
    expect(reply.location).toBe('/console/login?next=%2Fconsole%2Finterpretation-scores');
    const citizen = await t.citizenClient('is.citizen@example.com');
    expect((await citizen.get('/console/interpretation-scores')).status).toBe(403);
    expect((await citizen.get(`/console/interpretation-scores/${ids.first}/score`)).status).toBe(403);

    const editor = clients.editor!;
    for (const url of ['/console/interpretation-scores', `/console/interpretation-scores/${ids.first}`, `/console/interpretation-scores/${ids.first}/score`]) {
      expect((await editor.get(url)).status, url).toBe(403);
    }
    const refused = await editor.submit(`/console/interpretation-scores/${ids.first}/score`, marks(), '/console/account');
    expect(refused.status).toBe(403);
    expect(refused.body).toContain('您的角色无权使用此功能');

    const reviewer = clients.reviewer!;
    expect((await reviewer.get('/console/interpretation-scores')).status).toBe(200);
    expect((await reviewer.get(`/console/interpretation-scores/${ids.first}/score`)).status).toBe(403);
    expect((await reviewer.submit(`/console/interpretation-scores/${ids.first}/score`, marks(), '/console/interpretation-scores')).status).toBe(403);
    expect((await clients.expert!.get(`/console/interpretation-scores/${ids.first}`)).status).toBe(403);
    // A platform administrator passes the console guard but is no expert: shown why, and refused.
    const platformAdmin = await t.staffClient('is.padmin', ['editor'], { platformAdmin: true });
    const page = await platformAdmin.get(`/console/interpretation-scores/${ids.first}/score`);
    expect(page.status).toBe(200);
    expect(text(page.body)).toContain('只有解读评审专家可以评分');
    expect((await score(platformAdmin, ids.first!, marks())).status).toBe(422);
    expect(await scoreRows(ids.first!)).toHaveLength(0);

    const list = text((await clients.expert!.get('/console/interpretation-scores')).body);
    expect(list).toContain('审批流程优化政策解读');
    expect(list).toContain('关于优化建设工程审批流程的通知');
    expect(list).not.toContain('尚在起草的解读');
    expect((await clients.expert!.get(`/console/interpretation-scores/${ids.draft}/score`)).status).toBe(404);
    expect((await clients.expert!.get(`/console/interpretation-scores/${ids.policy}/score`)).status).toBe(404);
    expect((await clients.expert!.get('/console/interpretation-scores/abc/score')).status).toBe(404);
  });

  it('validates each criterion as a whole score from 1 to 5, in Chinese, keeping the input', async () => {
    const reply = await score(clients.expert!, ids.first!, marks({ accuracy: '6', clarity: '', completeness: '2.5', comment: '保留的评语' }));
    expect(reply.status).toBe(422);
    const page = text(reply.body);
    expect(page).toContain('请为“准确性”打分（1–5 分的整数）');
    expect(page).toContain('请为“通俗性”打分');
    expect(page).toContain('请为“完整性”打分');
    expect(page).not.toContain('请为“及时性”打分');
    expect(reply.body).toContain('保留的评语');
    expect((await score(clients.expert!, ids.first!, marks({ comment: '长'.repeat(1001) }))).status).toBe(422);
    expect(await scoreRows(ids.first!)).toHaveLength(0);
  });

  it('keeps one score per expert, updated in place, each change audited', async () => {
    const created = await score(clients.expert!, ids.first!, marks({ comment: '准确，但形式单一' }));
    expect(created.status).toBe(303);
    expect(created.location).toBe('/console/interpretation-scores?done=1');
    const updated = await score(clients.expert!, ids.first!, marks({ variety: '3', comment: '补充图解后更好' }));
    expect(updated.status).toBe(303);
    const rows = await scoreRows(ids.first!);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ expert_id: ids.expert, accuracy: 5, variety: 3, comment: '补充图解后更好' });
    expect(await audit('interpretation.score.create')).toEqual([{ actor_label: '测试is.expert', target_id: String(ids.first) }]);
    expect(await audit('interpretation.score.update')).toHaveLength(1);
    const form = await clients.expert!.get(`/console/interpretation-scores/${ids.first}/score`);
    expect(form.body).toContain('补充图解后更好');
    expect(text(form.body)).toContain('修改评分');

    expect((await score(clients.expert2!, ids.first!, marks({ accuracy: '3', clarity: '2', completeness: '2', timeliness: '1', variety: '1', comment: '过于专业' }))).status).toBe(303);
    const list = text((await clients.reviewer!.get('/console/interpretation-scores')).body);
    // (5+4+4+3+3 + 3+2+2+1+1) / 10 = 2.8; 准确性 (5+3)/2 = 4
    expect(list).toMatch(/审批流程优化政策解读 关于优化建设工程审批流程的通知 已发布 2 2\.80 4\.00 3\.00 3\.00 2\.00 2\.00/);
    const detail = text((await clients.reviewer!.get(`/console/interpretation-scores/${ids.first}`)).body);
    expect(detail).toContain('测试is.expert2');
    expect(detail).toContain('过于专业');
  });

  it('does not let experts score interpretations they drafted or edited', async () => {
    const own = await clients.author!.get(`/console/interpretation-scores/${ids.own}/score`);
    expect(own.status).toBe(200);
    expect(text(own.body)).toContain('不能评审自己起草的解读');
    expect(own.body).not.toContain(`action="/console/interpretation-scores/${ids.own}/score"`);
    const posted = await score(clients.author!, ids.own!, marks());
    expect(posted.status).toBe(422);
    expect(text(posted.body)).toContain('不能评审自己起草的解读');
    const edited = await score(clients.coauthor!, ids.first!, marks());
    expect(edited.status).toBe(422);
    expect(text(edited.body)).toContain('不能评审自己参与修改的解读');
    expect(await scoreRows(ids.own!)).toHaveLength(0);
    expect((await scoreRows(ids.first!)).map((r) => r.expert_id)).not.toContain(ids.coauthor);
    expect(text((await clients.author!.get('/console/interpretation-scores')).body)).toContain('本人起草');
    // A different expert may score the in-review interpretation.
    expect((await score(clients.expert!, ids.own!, marks())).status).toBe(303);
  });

  it('lists a policy\'s published interpretations in order, later ones as follow-ups', async () => {
    const list = await interpretationsForPolicy(db(), ids.policy!);
    expect(list.map((i) => [i.id, i.followUp])).toEqual([[ids.first, false], [ids.followUp, true]]);
    expect(list[1]).toMatchObject({ title: '审批流程优化：常见问题跟踪解读', form: 'qa', formLabel: '问答' });
    expect(await interpretationsForPolicy(db(), 999_999)).toEqual([]);
  });
});
