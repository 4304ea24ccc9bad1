import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { screenshot, visit } from './support/browser.js';
import type { DomWindow } from './support/dom.js';
import { useGongkai } from './support/fixture.js';

const gk = useGongkai();

interface Look {
  rootFontPx: number;
  bodyFontPx: number;
  bodyLineHeightPx: number;
  normalLinkShown: boolean;
  elderlyLinkShown: boolean;
}

/** The computed styles that 适老模式 changes. */
function look(page: Page): Promise<Look> {
  return page.evaluate(() => {
    const w = globalThis as unknown as DomWindow;
    const doc = w.document;
    const root = w.getComputedStyle(doc.documentElement);
    const body = w.getComputedStyle(doc.body);
    const shown = (selector: string) => {
      const el = doc.querySelector(selector);
      return !!el && w.getComputedStyle(el).display !== 'none';
    };
    return {
      rootFontPx: parseFloat(root.fontSize),
      bodyFontPx: parseFloat(body.fontSize),
      bodyLineHeightPx: parseFloat(body.lineHeight),
      normalLinkShown: shown('.prefs-bar a.when-normal'),
      elderlyLinkShown: shown('.prefs-bar a.when-elderly'),
    };
  });
}

const prefsCookie = async (page: Page) => {
  const value = (await page.context().cookies()).find((c) => c.name === 'gk_prefs')?.value;
  return value === undefined ? undefined : decodeURIComponent(value);
};

describe('适老模式 (elderly mode)', () => {
  it('turns on from the home page link, changes the computed style, persists across pages and tabs, and turns off', async () => {
    const p = await gk.open();
    const { page } = p;
    await visit(page, '/');
    await p.a11y.check();
    const normal = await look(page);
    expect(normal.normalLinkShown).toBe(true);
    expect(normal.elderlyLinkShown).toBe(false);
    await screenshot(page, 'home');

    await page.locator('.prefs-bar a.when-normal').click();
    await page.waitForURL((url) => url.pathname === '/' && !url.search);
    await p.a11y.check();
    expect(await prefsCookie(page)).toMatch(/e=1/);
    const elderly = await look(page);
    expect(elderly.rootFontPx, 'root font size grows').toBeGreaterThanOrEqual(normal.rootFontPx * 1.25);
    expect(elderly.bodyFontPx).toBeGreaterThan(normal.bodyFontPx);
    expect(elderly.bodyLineHeightPx / elderly.bodyFontPx, 'line height ≥ 1.3 × font size').toBeGreaterThanOrEqual(1.3);
    expect(elderly.normalLinkShown).toBe(false);
    expect(elderly.elderlyLinkShown).toBe(true);
    expect(await page.getByRole('link', { name: '退出适老模式' }).first().isVisible()).toBe(true);
    await screenshot(page, 'home-elderly');

    // Another page of the site, reached by a link.
    await page.getByRole('navigation', { name: '主栏目' }).getByRole('link', { name: '政策文件' }).click();
    await page.waitForURL('**/column/zcwj');
    await p.a11y.check();
    expect(await look(page)).toEqual(elderly);

    // A new tab in the same browser context keeps the preference (a cookie, not page state).
    const tab = await gk.openIn(p.context);
    await visit(tab.page, '/register');
    await tab.a11y.check();
    const inTab = await look(tab.page);
    expect(inTab.rootFontPx).toBe(elderly.rootFontPx);
    expect(inTab.elderlyLinkShown).toBe(true);

    // Turning it off from the page one is on returns to that page with the normal look.
    await page.locator('.prefs-bar a.when-elderly').click();
    await page.waitForURL('**/column/zcwj');
    await p.a11y.check();
    expect(await prefsCookie(page)).toMatch(/e=0/);
    const off = await look(page);
    expect(off.rootFontPx).toBe(normal.rootFontPx);
    expect(off.bodyLineHeightPx / off.bodyFontPx).toBeCloseTo(normal.bodyLineHeightPx / normal.bodyFontPx, 5);
    expect(off.normalLinkShown).toBe(true);
    expect(off.elderlyLinkShown).toBe(false);

    await tab.page.reload();
    await tab.a11y.check();
    expect((await look(tab.page)).rootFontPx).toBe(normal.rootFontPx);
  });

  it('works without JavaScript too (plain links and a cookie)', async () => {
    const p = await gk.open({ javaScriptEnabled: false });
    const { page } = p;
    await visit(page, '/about');
    await p.a11y.check();
    const before = await look(page);
    await page.locator('.prefs-bar a.when-normal').click();
    await page.waitForURL('**/about');
    await p.a11y.check();
    expect((await look(page)).rootFontPx).toBeGreaterThan(before.rootFontPx);
  });

  it('the 字号 links change the font size on their own, and keep a larger size in elderly mode', async () => {
    const p = await gk.open();
    const { page } = p;
    await visit(page, '/');
    await p.a11y.check();
    const base = (await look(page)).rootFontPx;
    await page.getByRole('link', { name: '特大字号' }).click();
    await page.waitForURL((url) => url.pathname === '/' && !url.search);
    await p.a11y.check();
    expect((await look(page)).rootFontPx).toBeCloseTo(base * 1.5, 1);
    await page.locator('.prefs-bar a.when-normal').click();
    await page.waitForURL((url) => url.pathname === '/' && !url.search);
    await p.a11y.check();
    expect((await look(page)).rootFontPx, 'elderly mode does not shrink a chosen larger size').toBeCloseTo(base * 1.5, 1);
  });
});
