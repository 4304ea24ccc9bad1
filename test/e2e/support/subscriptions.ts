import { expect } from 'vitest';
import type { Page } from 'playwright-core';
import { submit, visit } from './browser.js';
import type { DomWindow } from './dom.js';
import type { OpenPage } from './fixture.js';

/*
 * 我的订阅 (/space/subscriptions) and 消息中心 (/space/inbox), driven through their pages. Every
 * page landed on is audited (fixture.ts checks that nothing shown went unaudited).
 */

export interface SubscriptionChoice {
  /** The label of the 订阅方式 radio, e.g. 按主题. */
  criterion: string;
  /** The label of the value select of that criterion, e.g. 主题. */
  valueField: string;
  /** The option to choose there, e.g. 耕地保护 (undefined: leave it at 请选择). */
  value?: string;
  /** 站内消息 | 电子邮件 | 短信 */
  channel: string;
  /** 即时 | 每日汇总 | 每周汇总 */
  frequency: string;
}

/** The 新增订阅 form of the page on screen. */
export const newSubscriptionForm = (p: OpenPage) => p.page.getByRole('form', { name: '新增订阅', exact: true });

/** Fills the 新增订阅 form on screen and posts it; returns the POST's status (303 added, 422 invalid). */
export async function addSubscription(p: OpenPage, choice: SubscriptionChoice): Promise<number> {
  const form = newSubscriptionForm(p);
  await form.getByRole('radio', { name: choice.criterion, exact: true }).check();
  const select = form.getByLabel(choice.valueField, { exact: true });
  if (choice.value === undefined) await select.selectOption({ index: 0 });
  else await select.selectOption({ label: choice.value });
  await form.getByRole('group', { name: /^接收方式/ }).getByRole('radio', { name: choice.channel, exact: true }).check();
  await form.getByRole('group', { name: /^接收频率/ }).getByRole('radio', { name: choice.frequency, exact: true }).check();
  const { post, final } = await submit(p.page, form.getByRole('button', { name: '订阅', exact: true }));
  expect(final?.status()).toBe(post.status() === 303 ? 200 : post.status());
  await p.a11y.check();
  return post.status();
}

/** The rows of the 当前订阅 table: 订阅内容, 状态, and the channel and frequency selected in its 修改 form. */
export async function currentSubscriptions(p: OpenPage): Promise<{ what: string; status: string; channel: string; frequency: string }[]> {
  const table = p.page.getByRole('table').filter({ has: p.page.locator('caption', { hasText: /^当前订阅/ }) });
  if ((await table.count()) === 0) return [];
  const rows: { what: string; status: string; channel: string; frequency: string }[] = [];
  for (const row of await table.locator('tbody').getByRole('row').all()) {
    const cells = row.getByRole('cell');
    const selected = async (label: string) => ((await cells.nth(2).getByLabel(label, { exact: true }).locator('option:checked').textContent()) ?? '').trim();
    rows.push({
      what: ((await cells.nth(0).textContent()) ?? '').trim(),
      status: ((await cells.nth(1).textContent()) ?? '').trim(),
      channel: await selected('接收方式'),
      frequency: await selected('接收频率'),
    });
  }
  return rows;
}

/**
 * Reloads 消息中心 until a message whose title contains `title` is listed (the delivery engine
 * works in the background), at most `timeoutMs`; returns the link to it. Fails with the titles
 * last seen when it never comes.
 */
export async function waitForInboxMessage(p: OpenPage, title: string, timeoutMs = 20_000): Promise<{ href: string; waitedMs: number }> {
  const started = Date.now();
  let seen: string[] = [];
  for (;;) {
    const response = await visit(p.page, '/space/inbox');
    expect(response.status()).toBe(200);
    await p.a11y.check();
    const links = p.page.getByRole('main').getByRole('table').getByRole('link');
    seen = (await links.allTextContents()).map((t) => t.trim());
    const hit = links.filter({ hasText: title });
    if ((await hit.count()) > 0) return { href: (await hit.first().getAttribute('href')) ?? '', waitedMs: Date.now() - started };
    if (Date.now() - started > timeoutMs) throw new Error(`no message titled “${title}” in 消息中心 after ${timeoutMs} ms; saw: ${JSON.stringify(seen)}`);
    await p.page.waitForTimeout(500);
  }
}

/** The page's width against the viewport's (a page wider than the viewport scrolls sideways). */
export function horizontalOverflow(page: Page): Promise<{ scrollWidth: number; viewport: number }> {
  return page.evaluate(() => {
    const w = globalThis as unknown as DomWindow;
    const scroller = w.document.scrollingElement;
    return { scrollWidth: scroller?.scrollWidth ?? 0, viewport: w.innerWidth };
  });
}
