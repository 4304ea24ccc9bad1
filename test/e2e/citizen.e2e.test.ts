import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { registerCitizen, signInCitizen } from './support/actions.js';
import { screenshot, submit, visit } from './support/browser.js';
import { unique, useGongkai } from './support/fixture.js';

const gk = useGongkai();

const crumbs = (page: Page) => page.getByRole('navigation', { name: '当前位置' }).getByRole('listitem').allTextContents();

describe('citizen (自然人) account', () => {
  it('signs up at /register, sees the personal space and inbox, signs out and signs in again', async () => {
    const p = await gk.open();
    const { page } = p;
    const citizen = { name: `测试${unique()}`, email: `${unique('e2e-')}@example.com`, password: 'Kaifang-2026!' };

    await registerCitizen(p, citizen);
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe(`${citizen.name}，您好`);
    expect(await page.getByRole('status').filter({ hasText: '注册成功' }).isVisible()).toBe(true);
    const spaceNav = page.getByRole('navigation', { name: '个人专属空间' });
    expect(await spaceNav.getByText(citizen.name).isVisible()).toBe(true);
    expect(await spaceNav.getByText('自然人').isVisible()).toBe(true);
    expect(await page.getByRole('heading', { name: '最新消息' }).isVisible()).toBe(true);
    expect(await page.getByText('未读消息').isVisible()).toBe(true);
    await screenshot(page, 'space');
    // 当前位置: the space is named once, not 首页 › 个人专属空间 › 个人专属空间.
    expect.soft(await crumbs(page)).toEqual(['首页', '个人专属空间']);

    // The inbox itself.
    await spaceNav.getByRole('link', { name: '消息中心' }).click();
    await page.waitForURL('**/space/inbox');
    await p.a11y.check();
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('消息中心');
    expect(await spaceNav.getByRole('link', { name: '消息中心' }).getAttribute('aria-current')).toBe('page');
    expect.soft(await crumbs(page)).toEqual(['首页', '个人专属空间', '消息中心']);

    // Every public page greets the signed-in visitor in its header, the cached home page included.
    await visit(page, '/');
    const accountNav = page.getByRole('navigation', { name: '账号' });
    expect(await accountNav.getByText(`您好，${citizen.name}`).isVisible()).toBe(true);
    expect(await accountNav.getByRole('link', { name: '登录' }).count()).toBe(0);
    await p.a11y.check();
    await visit(page, '/space/inbox');
    await p.a11y.check();

    // Sign out: the session is gone and the space asks for a sign-in again.
    const out = await submit(page, page.getByRole('button', { name: '退出登录' }));
    expect(out.post.status()).toBe(303);
    expect(new URL(page.url()).pathname).toBe('/');
    expect(await accountNav.getByRole('link', { name: '登录' }).isVisible()).toBe(true);
    expect(await accountNav.getByText('您好').count()).toBe(0);
    await p.a11y.check();
    await visit(page, '/space');
    expect(new URL(page.url()).pathname).toBe('/login');
    expect(new URL(page.url()).searchParams.get('next')).toBe('/space');
    await p.a11y.check();

    // Sign in again with the new account: back to the space (the `next` parameter).
    await signInCitizen(p, citizen.email, citizen.password, page.url());
    expect(new URL(page.url()).pathname).toBe('/space');
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(`${citizen.name}，您好`);
  });

  it('the demo citizen sees the messages delivered to the inbox and can open one', async () => {
    const p = await gk.open();
    const { page } = p;
    await signInCitizen(p);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('张三，您好');
    // The newest messages are on the space's front page (policy-subscription messages of the demo
    // arrive there too); the welcome message is found in 消息中心.
    const latest = page.locator('section.panel').filter({ has: page.getByRole('heading', { name: '最新消息' }) });
    expect(await latest.locator('a[href^="/space/inbox/"]').count()).toBeGreaterThan(0);

    await visit(page, '/space/inbox');
    await p.a11y.check();
    await page.getByRole('row').filter({ hasText: '欢迎使用个人专属空间' }).getByRole('link', { name: '欢迎使用个人专属空间' }).click();
    await page.waitForURL(/\/space\/inbox\/\d+$/);
    await p.a11y.check();
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('欢迎使用个人专属空间');

    await visit(page, '/space/inbox');
    await p.a11y.check();
    const row = page.getByRole('row').filter({ hasText: '欢迎使用个人专属空间' });
    expect(await row.getByRole('cell', { name: '已读', exact: true }).isVisible()).toBe(true);
  });
});
