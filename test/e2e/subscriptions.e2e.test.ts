import { describe, expect, it } from 'vitest';
import { registerCitizen, signInStaff } from './support/actions.js';
import { screenshot, submit, visit } from './support/browser.js';
import { approveStep, createDraft, publishNow, submitForReview } from './support/documents.js';
import { unique, useGongkai, type OpenPage } from './support/fixture.js';
import { addSubscription, currentSubscriptions, horizontalOverflow, newSubscriptionForm, waitForInboxMessage } from './support/subscriptions.js';

/*
 * Subscriptions end to end, as issue 5 asks ("Tests that must exist", Browser): a citizen
 * subscribes to a theme in 我的订阅 (站内消息, 即时); staff draft, review and publish a policy of
 * that theme; the delivery engine, on the embedded job runner, puts it in the citizen's
 * 消息中心, whose message leads to the policy. And the anonymous /subscribe page with its feeds.
 */

const gk = useGongkai();

const THEME = '耕地保护';

/** A signed-in staff member in their own browser context. */
async function staff(username: string): Promise<OpenPage> {
  const p = await gk.open();
  await signInStaff(p, username);
  return p;
}

describe('subscriptions: subscribe to a theme → a matching policy is published → it is in the inbox', () => {
  it('a citizen subscribes to a theme; staff publish a policy of that theme; the message arrives and leads to the policy', async () => {
    // 1. A citizen signs up and opens 我的订阅 from the space's navigation.
    const citizen = await gk.open();
    const { page } = citizen;
    await registerCitizen(citizen, { name: `订阅${unique()}`, email: `${unique('e2e-sub-')}@example.com`, password: 'Kaifang-2026!' });
    await page.getByRole('navigation', { name: '个人专属空间' }).getByRole('link', { name: '我的订阅' }).click();
    await page.waitForURL('**/space/subscriptions', { waitUntil: 'load' });
    await citizen.a11y.check();
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('我的订阅');
    expect(await page.getByText('您还没有订阅。').count()).toBe(1);
    expect(await currentSubscriptions(citizen)).toEqual([]);

    // Validation: 按主题 with no theme chosen is refused in Chinese, next to the 主题 field, and the other choices stay.
    const refused = await addSubscription(citizen, { criterion: '按主题', valueField: '主题', channel: '站内消息', frequency: '每日汇总' });
    expect(refused, 'a subscription without a value is refused').toBe(422);
    const summary = page.getByRole('alert');
    expect(await summary.getByRole('heading').textContent()).toContain('提交的内容有 1 处需要修改');
    expect(await summary.getByRole('link', { name: '主题：请选择主题' }).getAttribute('href')).toBe('#f-value_theme');
    const form = newSubscriptionForm(citizen);
    const themeSelect = form.getByLabel('主题', { exact: true });
    expect(await themeSelect.getAttribute('aria-invalid')).toBe('true');
    expect(await form.locator('#e-value_theme').textContent()).toContain('请选择主题');
    expect(await form.getByRole('radio', { name: '按主题', exact: true }).isChecked(), 'the chosen 订阅方式 is kept').toBe(true);
    expect(await form.getByRole('group', { name: /^接收方式/ }).getByRole('radio', { name: '站内消息', exact: true }).isChecked()).toBe(true);
    expect(await form.getByRole('group', { name: /^接收频率/ }).getByRole('radio', { name: '每日汇总', exact: true }).isChecked(), 'the chosen 接收频率 is kept').toBe(true);
    expect(await currentSubscriptions(citizen), 'nothing was saved').toEqual([]);
    await screenshot(page, 'subscriptions-space-invalid');

    // … then properly: 主题「耕地保护」, 站内消息, 即时.
    const added = await addSubscription(citizen, { criterion: '按主题', valueField: '主题', value: THEME, channel: '站内消息', frequency: '即时' });
    expect(added, 'subscribing answers with a redirect').toBe(303);
    expect(new URL(page.url()).searchParams.get('done')).toBe('added');
    expect(await page.getByRole('status').filter({ hasText: '已订阅' }).count()).toBe(1);
    expect(await currentSubscriptions(citizen)).toEqual([{ what: `主题「${THEME}」`, status: '有效', channel: '站内消息', frequency: '即时' }]);
    await screenshot(page, 'subscriptions-space');

    // The same page on a 390 px phone: nothing wider than the screen, still accessible.
    const phone = await gk.openIn(citizen.context);
    await phone.page.setViewportSize({ width: 390, height: 844 });
    await visit(phone.page, '/space/subscriptions');
    await phone.a11y.check();
    const { scrollWidth, viewport } = await horizontalOverflow(phone.page);
    expect(viewport).toBe(390);
    expect(scrollWidth, 'page width of /space/subscriptions at 390 px').toBeLessThanOrEqual(390 + 1);
    await screenshot(phone.page, 'subscriptions-space-390');

    // No subscription message in the inbox yet.
    const before = await visit(page, '/space/inbox');
    expect(before.status()).toBe(200);
    await citizen.a11y.check();
    expect(await page.getByRole('main').getByRole('cell', { name: '政策订阅', exact: true }).count()).toBe(0);

    // 2. Staff draft a policy of that theme; three reviewers pass it; it is published.
    const title = `关于进一步加强永久基本农田保护和耕地占补平衡管理的通知（E2E${unique().toUpperCase()}）`;
    const editor = await staff('editor');
    const id = await createDraft(editor, {
      type: '行政规范性文件',
      title,
      docNumber: `沪规划资源规〔2026〕${100 + Math.floor(Math.random() * 800)}号`,
      theme: THEME,
      writtenOn: '2026-03-02',
      effectiveOn: '2026-04-01',
      body: [
        '第一条 为严格落实耕地保护制度，加强永久基本农田保护，规范耕地占补平衡管理，制定本通知。',
        '第二条 各区应当将永久基本农田保护任务落实到地块，并建立耕地保护田长制。',
        '第三条 补充耕地应当数量、质量、生态并重，验收合格后方可用于占补平衡。',
      ].join('\n'),
      note: '起草',
    });
    await submitForReview(editor, id);
    const reviewer = await staff('reviewer');
    const secrecy = await staff('secrecy');
    const head = await staff('head');
    await approveStep(reviewer, id, '公开属性认定');
    await approveStep(secrecy, id, '保密审查');
    await approveStep(head, id, '审核签发');
    await publishNow(reviewer, id);
    const publishedAt = Date.now();

    // 3. The job queue matches the publication to the subscription and writes the inbox: it shows up within 20 s.
    const { href, waitedMs } = await waitForInboxMessage(citizen, title, 20_000);
    expect(href).toMatch(/^\/space\/inbox\/\d+$/);
    expect(Date.now() - publishedAt).toBeLessThan(30_000);
    const row = page.getByRole('row').filter({ hasText: title });
    expect(await row.count(), 'exactly one message for the policy').toBe(1);
    expect(await row.getByRole('cell', { name: '未读', exact: true }).count()).toBe(1);
    expect(await row.getByRole('cell', { name: '政策订阅', exact: true }).count()).toBe(1);
    await screenshot(page, 'subscriptions-inbox');

    // The message opens; it links to the policy.
    await Promise.all([page.waitForURL(`**${href}`, { waitUntil: 'load' }), row.getByRole('link', { name: title }).click()]);
    await citizen.a11y.check();
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(title);
    expect(await page.getByRole('main').textContent()).toContain('第一条 为严格落实耕地保护制度');
    await screenshot(page, 'subscriptions-inbox-message');
    const details = page.getByRole('main').getByRole('link', { name: '查看详情' });
    expect(await details.getAttribute('href')).toBe(`/documents/${id}`);

    // … and the policy page opens.
    const opened = await Promise.all([page.waitForURL(`**/documents/${id}`, { waitUntil: 'load' }), page.waitForResponse((r) => r.request().isNavigationRequest() && new URL(r.url()).pathname === `/documents/${id}`), details.click()]);
    expect(opened[1].status()).toBe(200);
    await citizen.a11y.check();
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(title);
    expect(await page.getByText('第三条 补充耕地应当数量、质量、生态并重').count()).toBeGreaterThan(0);

    // Read now, and still only one.
    await visit(page, '/space/inbox');
    await citizen.a11y.check();
    const readRow = page.getByRole('row').filter({ hasText: title });
    expect(await readRow.count()).toBe(1);
    expect(await readRow.getByRole('cell', { name: '已读', exact: true }).count()).toBe(1);
    console.info(`subscriptions e2e: the message was in the inbox ${waitedMs} ms after the first look (${Date.now() - publishedAt} ms after publishing, incl. reading it)`);
  }, 240_000);

  it('an anonymous visitor’s /subscribe page renders, is accessible, and offers the feeds (filtered like the subscription)', async () => {
    const visitor = await gk.open();
    const { page } = visitor;
    const response = await visit(page, '/subscribe');
    expect(response.status()).toBe(200);
    await visitor.a11y.check();
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('订阅政策信息');
    const form = page.getByRole('form', { name: '邮件订阅', exact: true });
    expect(await form.getByLabel(/^电子邮箱/).count()).toBe(1);
    expect(await form.getByLabel('主题', { exact: true }).locator('option').allTextContents()).toContain(THEME);
    const feeds = page.locator('section').filter({ has: page.getByRole('heading', { name: 'RSS/Atom/JSON Feed 订阅', exact: true }) });
    const hrefs = async () => Promise.all(['RSS', 'Atom', 'JSON Feed'].map((name) => feeds.getByRole('link', { name, exact: true }).getAttribute('href')));
    expect(await hrefs()).toEqual(['/feeds/documents.rss', '/feeds/documents.atom', '/feeds/documents.json']);
    await screenshot(page, 'subscriptions-public');

    // Each feed answers with its own format.
    const types = { '/feeds/documents.rss': 'xml', '/feeds/documents.atom': 'xml', '/feeds/documents.json': 'json' };
    for (const [href, kind] of Object.entries(types)) {
      const feed = await visitor.context.request.get(href);
      expect(feed.status(), href).toBe(200);
      expect(feed.headers()['content-type'] ?? '', href).toContain(kind);
    }

    // From a theme: the form comes pre-filled and the feeds are those of the theme.
    await visit(page, `/subscribe?criterion=theme&value=${encodeURIComponent(THEME)}`);
    await visitor.a11y.check();
    expect(await form.getByRole('radio', { name: '按主题', exact: true }).isChecked()).toBe(true);
    expect(await form.getByLabel('主题', { exact: true }).inputValue()).toBe(THEME);
    const q = `?theme=${new URLSearchParams({ x: THEME }).toString().slice(2)}`;
    expect(await hrefs()).toEqual([`/feeds/documents.rss${q}`, `/feeds/documents.atom${q}`, `/feeds/documents.json${q}`]);
    const themed = await visitor.context.request.get(`/feeds/documents.json${q}`);
    expect(themed.status()).toBe(200);

    // An invalid e-mail is refused in Chinese and the choices are kept.
    await form.getByLabel(/^电子邮箱/).fill('不是邮箱');
    const bad = await submit(page, form.getByRole('button', { name: '订阅', exact: true }));
    expect(bad.post.status()).toBe(422);
    await visitor.a11y.check();
    expect(await page.getByRole('alert').textContent()).toContain('电子邮箱格式不正确');
    expect(await form.getByLabel('主题', { exact: true }).inputValue()).toBe(THEME);
    await screenshot(page, 'subscriptions-public-invalid');
  }, 60_000);
});
