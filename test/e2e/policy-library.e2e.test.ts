import { describe, expect, it } from 'vitest';
import { buildMinimalPdf } from '../../src/platform/text/scanner/fixtures/minimal-pdf.js';
import { signInStaff } from './support/actions.js';
import { screenshot, submit, visit } from './support/browser.js';
import { approveStep, createDraft, csrfOf, fillAndSaveDraft, openWorkbench, publishNow, reviewForm, statusOf, submitForReview, workflowSection, type Step } from './support/documents.js';
import { unique, useGongkai, type OpenPage } from './support/fixture.js';

/*
 * The policy library end to end, as issue 3 asks ("Tests that must exist", Browser): an editor
 * drafts a policy with an attachment and its interpretation; other people take 公开属性认定,
 * 保密审查 and 审核签发; the policy goes out with its interpretation (三同步); a visitor finds
 * it by words, by 文号 and by 索引号. A draft with an ID number is blocked until masked.
 */

const gk = useGongkai();

const STEPS: Step[] = ['公开属性认定', '保密审查', '审核签发'];

/** A signed-in staff member in their own browser context. */
async function staff(username: string): Promise<OpenPage> {
  const p = await gk.open();
  await signInStaff(p, username);
  return p;
}

interface Hit {
  title: string;
  href: string;
  meta: string;
  marks: string[];
}

/** Searches from the /search page's form, as a visitor would, and reads the results on the first page. */
async function searchFor(p: OpenPage, q: string): Promise<{ status: string; hits: Hit[] }> {
  const { page } = p;
  await visit(page, '/search');
  await p.a11y.check();
  const box = page.getByRole('search', { name: '检索政策文件' });
  await box.getByLabel('检索词', { exact: true }).fill(q);
  await Promise.all([
    page.waitForURL((url) => url.pathname === '/search' && url.searchParams.get('q') === q, { waitUntil: 'load' }),
    box.getByRole('button', { name: '搜索' }).click(),
  ]);
  await p.a11y.check();
  const results = page.getByRole('region', { name: '搜索结果' });
  const status = ((await results.getByRole('status').textContent()) ?? '').trim();
  const items = results.getByRole('listitem').filter({ has: page.getByRole('heading', { level: 3 }) });
  const hits: Hit[] = [];
  for (const item of await items.all()) {
    const link = item.getByRole('heading', { level: 3 }).getByRole('link');
    hits.push({
      title: ((await link.textContent()) ?? '').trim(),
      href: (await link.getAttribute('href')) ?? '',
      meta: ((await item.locator('.meta').first().textContent()) ?? '').trim(),
      marks: (await item.locator('mark').allTextContents()).map((m) => m.trim()),
    });
  }
  return { status, hits };
}

/** The value of one row of a metadata table (基本信息 in the console, 文件信息 on the portal). */
async function metaValue(p: OpenPage, label: string): Promise<string> {
  const row = p.page.getByRole('row').filter({ has: p.page.getByRole('rowheader', { name: label, exact: true }) });
  return ((await row.getByRole('cell').first().textContent()) ?? '').trim();
}

describe('policy library: draft → review → publish with interpretation → search', () => {
  it('an editor drafts a policy with an attachment and an interpretation; others review; both go out together; a visitor finds it', async () => {
    const tag = unique().toUpperCase();
    const policy = {
      type: '行政规范性文件',
      title: `关于苏州河滨水空间夜景照明试点管理的若干规定（E2E${tag}）`,
      docNumber: '沪规划资源规〔2026〕99号',
      theme: '城市更新',
      writtenOn: '2026-02-10',
      effectiveOn: '2026-03-01',
      audienceTags: ['企业法人', '不动产权利人'],
      needsInterpretation: true,
      body: [
        '第一条 为规范苏州河滨水空间夜景照明试点管理，营造安全、舒适、节能的滨水公共空间，制定本规定。',
        '第二条 本规定适用于本市苏州河沿岸滨水空间夜景照明试点区段的规划、建设和管理。',
        '第三条 夜景照明设施的设置应当符合控制性详细规划，并与历史风貌相协调。',
      ].join('\n'),
      note: '起草',
    };
    const pdfName = '苏州河滨水空间夜景照明试点范围.pdf';
    const pdf = Buffer.from(buildMinimalPdf(['苏州河滨水空间夜景照明试点范围', '试点区段：外白渡桥至长寿路桥']));

    // 1. The editor drafts the policy, attaches a PDF and sends it for review.
    const editor = await staff('editor');
    const policyId = await createDraft(editor, policy);
    expect(await statusOf(editor)).toBe('草稿');
    expect(await metaValue(editor, '文件类型')).toBe('行政规范性文件');
    expect(await metaValue(editor, '文号')).toBe(policy.docNumber);
    expect(await metaValue(editor, '三同步')).toBe('须同步发布政策解读');
    const indexNumber = await metaValue(editor, '索引号');
    expect(indexNumber).not.toBe('');
    expect(await editor.page.getByRole('heading', { name: /^敏感信息检测/ }).textContent()).toContain('无待处理');

    const upload = editor.page.getByRole('form', { name: '上传附件', exact: true });
    await upload.getByLabel('上传附件', { exact: true }).setInputFiles({ name: pdfName, mimeType: 'application/pdf', buffer: pdf });
    const uploaded = await submit(editor.page, upload.getByRole('button', { name: '上传', exact: true }));
    expect(uploaded.post.status(), 'uploading an attachment answers with a redirect').toBe(303);
    await editor.a11y.check();
    expect(new URL(editor.page.url()).searchParams.get('done')).toBe('uploaded');
    const attachments = editor.page.getByRole('region', { name: '附件', exact: true });
    expect(await attachments.getByRole('link', { name: pdfName }).count()).toBe(1);
    expect(await editor.page.getByRole('heading', { name: /^敏感信息检测/ }).textContent()).toContain('无待处理');

    await submitForReview(editor, policyId);

    // … then its interpretation, from the workbench's 新建解读 link (type and policy pre-selected).
    await openWorkbench(editor, policyId);
    await Promise.all([
      editor.page.waitForURL((url) => url.pathname === '/console/documents/new' && url.searchParams.get('interpretsId') === String(policyId), { waitUntil: 'load' }),
      editor.page.getByRole('region', { name: '关联文件', exact: true }).getByRole('link', { name: '新建解读' }).click(),
    ]);
    await editor.a11y.check();
    expect(await editor.page.getByRole('heading', { level: 1 }).textContent()).toBe('新建政策解读');
    const draftForm = editor.page.getByRole('form', { name: '文件信息', exact: true });
    expect(await draftForm.getByLabel(/^标题/).inputValue()).toBe(`《${policy.title}》政策解读`);
    expect(await draftForm.getByLabel('所解读的政策文件', { exact: true }).inputValue()).toBe(String(policyId));
    const interpretation = {
      title: `《${policy.title}》政策解读`,
      interpretationForm: '文字解读',
      body: [
        '一、制定背景：苏州河滨水空间贯通后，市民夜间活动增多，夜景照明需要统一规范。',
        '二、主要内容：明确试点区段、照明设施设置要求和管理责任。',
        `三、适用范围：本解读与${policy.docNumber}同步发布。`,
      ].join('\n'),
    };
    const interpretationId = await fillAndSaveDraft(editor, interpretation);
    expect(await metaValue(editor, '文件类型')).toBe('政策解读');
    expect(await metaValue(editor, '解读形式')).toBe('文字解读');
    expect(await editor.page.getByRole('region', { name: '关联文件', exact: true }).getByText(/^本文件解读：/).textContent()).toContain(policy.title);
    await submitForReview(editor, interpretationId);

    // The author sees no review form on their own draft: only who is to act.
    await openWorkbench(editor, policyId);
    expect(await reviewForm(editor, '公开属性认定').count()).toBe(0);
    expect(await editor.page.getByRole('button', { name: '提交审查意见' }).count()).toBe(0);
    expect(await workflowSection(editor).getByText(/等待“公开属性认定”/).count()).toBe(1);
    // … and a forged review post from the editor is refused.
    const forged = await editor.context.request.post(`/console/documents/${policyId}/review`, {
      form: { _csrf: await csrfOf(editor), version: '1', decision: 'approve', disclosure: 'proactive', comment: '自己通过' },
      maxRedirects: 0,
    });
    expect(forged.status(), 'the author cannot review their own draft').toBe(403);
    await openWorkbench(editor, policyId);
    expect(await statusOf(editor)).toBe('审核中');
    expect(await editor.page.getByRole('list', { name: '本版本的审查环节' }).getByText('公开属性认定：待审查').count()).toBe(1);

    // 2–3. 公开属性认定 by the reviewer, 保密审查 by the confidentiality reviewer, 审核签发 by the head.
    const reviewer = await staff('reviewer');
    const secrecy = await staff('secrecy');
    const head = await staff('head');
    for (const id of [policyId, interpretationId]) await approveStep(reviewer, id, '公开属性认定');
    expect(await metaValue(reviewer, '公开属性')).toBe('主动公开');
    // The next step belongs to someone else: the reviewer now sees no form, only who is to act.
    expect(await reviewForm(reviewer, '保密审查').count()).toBe(0);
    for (const id of [policyId, interpretationId]) await approveStep(secrecy, id, '保密审查');
    await approveStep(head, policyId, '审核签发');
    expect(await statusOf(head)).toBe('已审定待发布');

    // 三同步: the policy cannot go out while its interpretation is not yet approved.
    await openWorkbench(reviewer, policyId);
    const blocked = workflowSection(reviewer).getByRole('status').filter({ hasText: '暂不能发布' });
    expect(await blocked.textContent()).toContain('三同步');
    expect(await reviewer.page.getByRole('form', { name: '发布', exact: true }).count()).toBe(0);

    await approveStep(head, interpretationId, '审核签发');

    // 4. The reviewer publishes the policy; the interpretation goes out with it.
    await publishNow(reviewer, policyId);
    expect(await reviewer.page.getByRole('status').filter({ hasText: '已发布。' }).count()).toBe(1);
    await openWorkbench(reviewer, interpretationId);
    expect(await statusOf(reviewer)).toBe('已发布');

    // The public pages, for an anonymous visitor.
    const visitor = await gk.open();
    const policyPage = await visit(visitor.page, `/documents/${policyId}`);
    expect(policyPage.status()).toBe(200);
    await visitor.a11y.check();
    expect(await visitor.page.getByRole('heading', { level: 1 }).textContent()).toBe(policy.title);
    expect(await metaValue(visitor, '文号')).toBe(policy.docNumber);
    expect(await metaValue(visitor, '索引号')).toBe(indexNumber);
    expect(await metaValue(visitor, '效力状态')).toBe('现行有效');
    expect(await visitor.page.getByText('效力状态：现行有效').count()).toBe(1);
    expect(await visitor.page.getByText('第三条 夜景照明设施的设置应当符合控制性详细规划').count()).toBeGreaterThan(0);
    await screenshot(visitor.page, 'policy-library-public-policy');

    // The attachment is listed and downloadable by anyone: the very bytes the editor uploaded.
    const publicAttachments = visitor.page.getByRole('region', { name: '附件', exact: true });
    const attachmentLink = publicAttachments.getByRole('link', { name: pdfName });
    expect(await attachmentLink.count()).toBe(1);
    const attachmentHref = (await attachmentLink.getAttribute('href')) ?? '';
    expect(attachmentHref).toMatch(new RegExp(`^/documents/${policyId}/attachments/\\d+$`));
    const download = await visitor.context.request.get(attachmentHref);
    expect(download.status()).toBe(200);
    expect(download.headers()['content-type']).toContain('application/pdf');
    expect(download.headers()['content-disposition'] ?? '').toContain('attachment');
    expect(Buffer.compare(await download.body(), pdf)).toBe(0);

    // The policy page links its interpretation; the interpretation page links back.
    const interpretationsSection = visitor.page.getByRole('region', { name: '政策解读', exact: true });
    const interpretationLink = interpretationsSection.getByRole('link', { name: interpretation.title });
    expect(await interpretationLink.getAttribute('href')).toBe(`/documents/${interpretationId}`);
    await Promise.all([visitor.page.waitForURL(`**/documents/${interpretationId}`, { waitUntil: 'load' }), interpretationLink.click()]);
    await visitor.a11y.check();
    expect(await visitor.page.getByRole('heading', { level: 1 }).textContent()).toBe(interpretation.title);
    expect(await metaValue(visitor, '信息类别')).toBe('政策解读（文字解读）');
    const interprets = visitor.page.getByRole('region', { name: '解读的文件', exact: true });
    expect(await interprets.getByRole('link', { name: policy.title }).getAttribute('href')).toBe(`/documents/${policyId}`);
    await screenshot(visitor.page, 'policy-library-public-interpretation');

    // 5. A visitor finds it by words of its title, with the words highlighted in the snippet …
    const byWords = await searchFor(visitor, '滨水空间 夜景照明');
    const policyHit = byWords.hits.find((h) => h.href === `/documents/${policyId}`);
    expect(policyHit, `the policy among the results of 滨水空间 夜景照明 (${byWords.status})`).toBeDefined();
    expect(policyHit!.title).toBe(policy.title);
    expect(policyHit!.meta).toContain(policy.docNumber);
    expect(policyHit!.marks.length, 'highlighted words in the snippet').toBeGreaterThan(0);
    for (const mark of policyHit!.marks) expect(['滨水', '空间', '滨水空间', '夜景', '照明', '夜景照明']).toContain(mark);
    expect(byWords.hits.some((h) => h.href === `/documents/${interpretationId}`), 'the interpretation is found too').toBe(true);
    await screenshot(visitor.page, 'policy-library-search');

    // … by its 文号, with the brackets as printed or as people type them …
    for (const q of [policy.docNumber, '沪规划资源规【2026】99号', '沪规划资源规[2026]99号', '沪规划资源规(2026)99号', '沪规划资源规 〔2026〕 99号']) {
      const byNumber = await searchFor(visitor, q);
      expect(byNumber.hits[0]?.href, `first result for ${q} (${byNumber.status})`).toBe(`/documents/${policyId}`);
    }
    // … and by its 索引号.
    const byIndex = await searchFor(visitor, indexNumber);
    expect(byIndex.hits[0]?.href, `first result for ${indexNumber}`).toBe(`/documents/${policyId}`);

    // The search API says the same.
    const api = await visitor.context.request.get(`/api/v1/search?q=${encodeURIComponent('沪规划资源规【2026】99号')}`);
    expect(api.status()).toBe(200);
    const body = (await api.json()) as { total: number; items: { id: number; title: string; docNumber: string | null; url: string; snippet: string }[] };
    expect(body.total).toBeGreaterThan(0);
    expect(body.items[0]).toMatchObject({ title: policy.title, docNumber: policy.docNumber, url: `/documents/${policyId}` });
  }, 300_000);

  it('a draft with an ID number shows a finding and cannot be published until masked; the public page shows the masked number only', async () => {
    const fullId = '310101199003073236';
    const maskedId = '3101**********3236';
    const notice = {
      type: '通知公告',
      title: `关于苏州河沿岸E2E${unique().toUpperCase()}地块土地使用权出让结果的公示`,
      theme: '土地管理',
      body: [
        '根据有关规定，现将苏州河沿岸地块国有建设用地使用权出让结果公示如下。',
        `竞得人：张某，身份证号码 ${fullId}。`,
        '公示期为十个工作日。如有异议，请在公示期内以书面形式向本局反映。',
      ].join('\n'),
    };

    const editor = await staff('editor');
    const id = await createDraft(editor, notice);
    const findings = editor.page.getByRole('region', { name: /^敏感信息检测/ });
    expect(await findings.getByRole('heading', { level: 2 }).textContent()).toContain('1 处待处理');
    const finding = findings.getByRole('row').filter({ hasText: '身份证号码' });
    expect(await finding.count()).toBe(1);
    expect(await finding.getByRole('cell', { name: maskedId, exact: true }).count()).toBe(1);
    expect(await finding.getByText('待处理', { exact: true }).count()).toBe(1);
    expect(await findings.textContent()).not.toContain(fullId);
    await screenshot(editor.page, 'policy-library-workbench-finding');
    await submitForReview(editor, id);

    const reviewer = await staff('reviewer');
    const secrecy = await staff('secrecy');
    const head = await staff('head');
    await approveStep(reviewer, id, '公开属性认定');
    await approveStep(secrecy, id, '保密审查');
    await approveStep(head, id, '审核签发');

    // Approved, but the open finding blocks publication: a notice, no 发布 form …
    await openWorkbench(reviewer, id);
    expect(await statusOf(reviewer)).toBe('已审定待发布');
    const blocked = workflowSection(reviewer).getByRole('status').filter({ hasText: '暂不能发布' });
    expect(await blocked.count()).toBe(1);
    expect(await blocked.textContent()).toContain('敏感信息检测有 1 处未处理');
    expect(await reviewer.page.getByRole('form', { name: '发布', exact: true }).count()).toBe(0);
    await screenshot(reviewer.page, 'policy-library-workbench-blocked');
    // … and a publish post made anyway is refused.
    const forced = await reviewer.context.request.post(`/console/documents/${id}/publish`, { form: { _csrf: await csrfOf(reviewer), when: 'now' }, maxRedirects: 0 });
    expect(forced.status(), 'publishing with an open finding is refused').toBe(422);
    expect(await forced.text()).toContain('敏感信息检测有 1 处未处理');
    const notPublic = await reviewer.context.request.get(`/documents/${id}`);
    expect(notPublic.status()).toBe(404);

    // 一键脱敏 makes a new version and sends the document back to draft.
    await openWorkbench(editor, id);
    const mask = editor.page.getByRole('button', { name: /^一键脱敏\s*：3101\*{10}3236$/ });
    const masked = await submit(editor.page, mask);
    expect(masked.post.status(), '一键脱敏 answers with a redirect').toBe(303);
    await editor.a11y.check();
    expect(new URL(editor.page.url()).searchParams.get('done')).toBe('masked');
    expect(await statusOf(editor)).toBe('草稿');
    expect(await workflowSection(editor).textContent()).toContain('第 2 版');
    expect(await editor.page.getByRole('heading', { name: /^敏感信息检测/ }).textContent()).toContain('无待处理');
    const body = editor.page.getByRole('region', { name: /^正文（第 2 版）/ });
    expect(await body.textContent()).toContain(maskedId);
    expect(await body.textContent()).not.toContain(fullId);
    const versions = editor.page.getByRole('region', { name: '版本记录', exact: true });
    expect(await versions.getByRole('row').filter({ hasText: '第 2 版' }).textContent()).toContain('脱敏');

    // The reviews of version 1 do not carry over: all three again, for version 2.
    await submitForReview(editor, id);
    expect(await editor.page.getByRole('list', { name: '本版本的审查环节' }).getByText('公开属性认定：待审查').count()).toBe(1);
    await approveStep(reviewer, id, '公开属性认定');
    expect(await reviewForm(reviewer, '公开属性认定').count()).toBe(0);
    await approveStep(secrecy, id, '保密审查');
    await approveStep(head, id, '审核签发');
    for (const step of STEPS) expect(await head.page.getByRole('list', { name: '本版本的审查环节' }).getByText(`${step}：已通过`).count()).toBe(1);

    await publishNow(reviewer, id);

    const visitor = await gk.open();
    const page = await visit(visitor.page, `/documents/${id}`);
    expect(page.status()).toBe(200);
    await visitor.a11y.check();
    expect(await visitor.page.getByRole('heading', { level: 1 }).textContent()).toBe(notice.title);
    const html = await visitor.page.content();
    expect(html).toContain(maskedId);
    expect(html).not.toContain(fullId);
    await screenshot(visitor.page, 'policy-library-public-masked');

    // Search never gives the full number back either.
    const api = await visitor.context.request.get(`/api/v1/search?q=${encodeURIComponent('出让结果 公示 竞得人')}`);
    expect(api.status()).toBe(200);
    const found = (await api.json()) as { items: { url: string; snippet: string }[] };
    const hit = found.items.find((i) => i.url === `/documents/${id}`);
    expect(hit, 'the published notice is searchable').toBeDefined();
    expect(JSON.stringify(found)).not.toContain(fullId);
    const byNumber = await visitor.context.request.get(`/api/v1/search?q=${fullId}`);
    expect(((await byNumber.json()) as { items: { url: string }[] }).items.some((i) => i.url === `/documents/${id}`)).toBe(false);
  }, 240_000);
});
