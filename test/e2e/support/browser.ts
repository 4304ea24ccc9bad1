import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { expect } from 'vitest';
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions, type Locator, type Page, type Response } from 'playwright-core';
import type { DomDocument, DomField, DomWindow } from './dom.js';
import { repoRoot } from './server.js';

/** Debian's Chromium: the suite never downloads a browser. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

const chromiumArgs = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: chromiumArgs, timeout: 60_000 });
}

/** A context that talks to the test server in Chinese, as a visitor in Shanghai would. */
export async function newContext(browser: Browser, baseURL: string, options: BrowserContextOptions = {}): Promise<BrowserContext> {
  const context = await browser.newContext({ baseURL, locale: 'zh-CN', timezoneId: 'Asia/Shanghai', viewport: { width: 1280, height: 900 }, ...options });
  context.setDefaultTimeout(15_000);
  context.setDefaultNavigationTimeout(20_000);
  return context;
}

export const screenshotDir = join(repoRoot, '.tmp/screenshots');

export async function screenshot(page: Page, name: string): Promise<string> {
  await mkdir(screenshotDir, { recursive: true });
  const path = join(screenshotDir, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}

/**
 * Clicks a submit button of a server-rendered form and waits for the result page. Returns the
 * response to the POST itself (303 on success, 422 on invalid input) and the final page's status.
 */
export async function submit(page: Page, button: Locator): Promise<{ post: Response; final: Response | null }> {
  const post = page.waitForResponse((r) => r.request().method() === 'POST' && r.request().isNavigationRequest() && r.frame() === page.mainFrame());
  const final = page.waitForResponse((r) => r.request().isNavigationRequest() && r.frame() === page.mainFrame() && (r.status() < 300 || r.status() >= 400));
  await button.click();
  const result = { post: await post, final: await final };
  await page.waitForLoadState('load');
  return result;
}

/** Goes to a path and returns the main document's response (after redirects). */
export async function visit(page: Page, path: string): Promise<Response> {
  const response = await page.goto(path, { waitUntil: 'load' });
  if (!response) throw new Error(`no response for ${path}`);
  return response;
}

export interface PageAudit {
  url: string;
  lang: string | null;
  h1: string[];
  /** Form controls with no accessible name from a <label>, aria-label or aria-labelledby. */
  unlabelled: string[];
  skipLink: { exists: boolean; first: boolean; targetExists: boolean };
}

/** Reads the accessibility basics of the current page. */
export function auditPage(page: Page): Promise<PageAudit> {
  return page.evaluate(() => {
    const w = globalThis as unknown as DomWindow;
    const doc: DomDocument = w.document;
    const text = (s: string | null | undefined) => (s ?? '').replace(/\s+/g, ' ').trim();
    const controls = Array.from(doc.querySelectorAll('input, select, textarea')) as DomField[];
    const unlabelled = controls
      .filter((c) => !(c.tagName === 'INPUT' && ['hidden', 'submit', 'button', 'reset', 'image'].includes(c.type)))
      .filter((c) => {
        const fromLabel = Array.from(c.labels ?? []).some((l) => text(l.textContent) !== '');
        const fromAria = text(c.getAttribute('aria-label')) !== '';
        const fromLabelledBy = (c.getAttribute('aria-labelledby') ?? '')
          .split(/\s+/)
          .filter(Boolean)
          .some((id) => text(doc.getElementById(id)?.textContent) !== '');
        return !(fromLabel || fromAria || fromLabelledBy);
      })
      .map((c) => `${c.tagName.toLowerCase()}[name=${c.name || '?'}]#${c.id || '?'}`);
    const skip = doc.querySelector('a.skip-link');
    const firstLink = doc.querySelector('body a[href]');
    const href = skip?.getAttribute('href') ?? '';
    return {
      url: (globalThis as unknown as { location: { pathname: string; search: string } }).location.pathname,
      lang: doc.documentElement.getAttribute('lang'),
      h1: Array.from(doc.querySelectorAll('h1')).map((h) => text(h.textContent)),
      unlabelled,
      skipLink: {
        exists: !!skip && text(skip.textContent) !== '',
        first: !!skip && skip === firstLink,
        targetExists: href.startsWith('#') && !!doc.getElementById(href.slice(1)),
      },
    };
  });
}

/**
 * Watches one page's main-frame documents so a test can prove that every page it landed on was
 * audited: each final (non-redirect) document must be followed by a call to check().
 */
export class PageAuditor {
  private seen: { url: string; status: number; audited: boolean }[] = [];
  readonly audits: PageAudit[] = [];

  constructor(readonly page: Page) {
    page.on('response', (r) => {
      if (r.request().isNavigationRequest() && r.frame() === page.mainFrame() && (r.status() < 300 || r.status() >= 400)) {
        this.seen.push({ url: r.url(), status: r.status(), audited: false });
      }
    });
  }

  /**
   * Audits the page now on screen: <html lang="zh-CN">, exactly one <h1>, every form control
   * labelled, and a skip link as the first link that points at an existing target.
   */
  async check(): Promise<PageAudit> {
    const audit = await auditPage(this.page);
    const last = this.seen[this.seen.length - 1];
    if (last) last.audited = true;
    this.audits.push(audit);
    const where = `on ${audit.url}`;
    expect(audit.lang, `html lang ${where}`).toBe('zh-CN');
    expect(audit.h1, `h1 elements ${where}`).toHaveLength(1);
    expect(audit.h1[0], `h1 text ${where}`).not.toBe('');
    expect(audit.unlabelled, `form controls without a label ${where}`).toEqual([]);
    expect(audit.skipLink, `skip link ${where}`).toEqual({ exists: true, first: true, targetExists: true });
    return audit;
  }

  /** Documents the page showed that no check() looked at. */
  unaudited(): string[] {
    return this.seen.filter((s) => !s.audited).map((s) => `${s.status} ${s.url}`);
  }
}

