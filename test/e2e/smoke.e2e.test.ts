import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { signInCitizen, signInStaff } from './support/actions.js';
import { screenshot, visit } from './support/browser.js';
import type { DomWindow } from './support/dom.js';
import { useGongkai } from './support/fixture.js';

const gk = useGongkai();

const portalPages = ['/', '/column/xxgk', '/column/zcwj', '/search?q=规划', '/about', '/sitemap', '/accessibility', '/register', '/login', '/password/forgot', '/feedback/site-error', '/console/login'];
const spacePages = ['/space', '/space/inbox', '/space/applications', '/space/messages', '/space/subscriptions', '/space/profile', '/space/password', '/space/close'];
const consolePages = ['/console', '/console/users', '/console/users/new', '/console/departments', '/console/departments/new', '/console/calendar', '/console/audit', '/console/error-reports', '/console/jobs', '/console/site', '/console/sites', '/console/account', '/console/subscription-settings', '/console/deliveries'];

function horizontalOverflow(page: Page) {
  return page.evaluate(() => {
    const w = globalThis as unknown as DomWindow;
    const scroller = w.document.scrollingElement;
    return { scrollWidth: scroller?.scrollWidth ?? 0, viewport: w.innerWidth };
  });
}

describe('works without JavaScript', () => {
  it('reads the home page and signs in with JavaScript disabled', async () => {
    const p = await gk.open({ javaScriptEnabled: false });
    const { page } = p;
    const home = await visit(page, '/');
    expect(home.status()).toBe(200);
    await p.a11y.check();
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('上海市规划和自然资源局');
    expect(await page.getByRole('navigation', { name: '主栏目' }).getByRole('link', { name: '政策文件' }).isVisible()).toBe(true);
    expect(await page.getByRole('heading', { name: '政府信息公开' }).isVisible()).toBe(true);

    await page.getByRole('navigation', { name: '账号' }).getByRole('link', { name: '登录' }).click();
    await page.waitForURL('**/login');
    await p.a11y.check();
    await signInCitizen(p, 'citizen@example.com', undefined, page.url());
    expect(new URL(page.url()).pathname).toBe('/space');
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('张三，您好');
  });
});

describe('mobile (360 × 740)', () => {
  it('shows no horizontal scroll on the home page, /register and /space', async () => {
    const p = await gk.open({ viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 });
    const { page } = p;
    const check = async (path: string) => {
      await visit(page, path);
      await p.a11y.check();
      const { scrollWidth, viewport } = await horizontalOverflow(page);
      expect(viewport).toBe(360);
      expect(scrollWidth, `page width of ${path}`).toBeLessThanOrEqual(360 + 1);
    };
    await check('/');
    await screenshot(page, 'home-mobile');
    await check('/register');
    await check('/login');
    await check('/feedback/site-error');
    await signInCitizen(p);
    for (const path of ['/space', '/space/inbox', '/space/profile', '/space/close']) await check(path);
    await visit(page, '/space');
    await p.a11y.check();
    await screenshot(page, 'space-mobile');
  });
});

describe('accessibility smoke', () => {
  it('public pages: lang, one h1, labelled controls, skip link', async () => {
    const p = await gk.open();
    for (const path of portalPages) {
      const response = await visit(p.page, path);
      expect(response.status(), path).toBe(200);
      await p.a11y.check();
    }
    const missing = await visit(p.page, '/no-such-page');
    expect(missing.status()).toBe(404);
    await p.a11y.check();
    expect(await p.page.getByRole('heading', { level: 1 }).textContent()).toBe('页面不存在');
  });

  it('personal space and console pages', async () => {
    const citizen = await gk.open();
    await signInCitizen(citizen);
    for (const path of spacePages) {
      expect((await visit(citizen.page, path)).status(), path).toBe(200);
      await citizen.a11y.check();
    }
    const staff = await gk.open();
    await signInStaff(staff);
    for (const path of consolePages) {
      expect((await visit(staff.page, path)).status(), path).toBe(200);
      await staff.a11y.check();
    }
  });

  it('the skip link is the first thing the keyboard reaches and moves focus to the main content', async () => {
    const p = await gk.open();
    const { page } = p;
    await visit(page, '/register');
    await p.a11y.check();
    await page.keyboard.press('Tab');
    const skip = page.locator('a.skip-link');
    expect(await skip.evaluate((el) => (globalThis as unknown as DomWindow).document.activeElement === (el as unknown))).toBe(true);
    expect(await skip.isVisible(), 'the skip link shows when focused').toBe(true);
    expect(await skip.textContent()).toBe('跳到主要内容');
    await page.keyboard.press('Enter');
    expect(await page.evaluate(() => (globalThis as unknown as DomWindow).document.activeElement?.id)).toBe('main');
  });

  it('the browser’s icon request is answered (no 404 on every first visit)', async () => {
    const p = await gk.open();
    await visit(p.page, '/');
    await p.a11y.check();
    const declared = await p.page.locator('link[rel~="icon"]').first().getAttribute('href', { timeout: 1_000 }).catch(() => null);
    const iconUrl = new URL(declared ?? '/favicon.ico', gk.server.baseUrl).href;
    if (iconUrl.startsWith('data:')) return;
    const icon = await fetch(iconUrl);
    expect(icon.status, `GET ${iconUrl}`).toBe(200);
    expect(icon.headers.get('content-type') ?? '').toMatch(/^image\//);
  });
});
