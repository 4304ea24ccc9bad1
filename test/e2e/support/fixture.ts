import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import type { Browser, BrowserContext, BrowserContextOptions, Page } from 'playwright-core';
import { launchBrowser, newContext, PageAuditor } from './browser.js';
import { startServer, type RunningServer } from './server.js';

export interface OpenPage {
  context: BrowserContext;
  page: Page;
  a11y: PageAuditor;
  /** Console errors, failed sub-requests and page errors seen so far (CSP violations land here). */
  problems: string[];
}

/**
 * One Gongkai process (fresh demo database) and one Chromium per test file. Pages opened with
 * open() are closed after each test, which also checks that every page they showed was audited
 * and that the browser reported no errors.
 */
export function useGongkai(options: { demo?: boolean } = {}) {
  let server: RunningServer | undefined;
  let browser: Browser | undefined;
  let opened: OpenPage[] = [];

  beforeAll(async () => {
    [server, browser] = await Promise.all([startServer(options), launchBrowser()]);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  afterEach(async (ctx) => {
    const pages = opened;
    opened = [];
    const failed = ctx.task.result?.state === 'fail' || (ctx.task.result?.errors?.length ?? 0) > 0;
    try {
      if (!failed) {
        for (const p of pages) {
          expect(p.a11y.unaudited(), 'pages shown but never audited').toEqual([]);
          expect(p.problems, 'browser errors').toEqual([]);
        }
      }
    } finally {
      await Promise.all(pages.map((p) => p.context.close()));
    }
  });

  const self = {
    get server(): RunningServer {
      if (!server) throw new Error('server not started');
      return server;
    },
    get browser(): Browser {
      if (!browser) throw new Error('browser not started');
      return browser;
    },
    /** A new browser context and page, pointed at the test server. */
    async open(contextOptions: BrowserContextOptions = {}): Promise<OpenPage> {
      const context = await newContext(self.browser, self.server.baseUrl, contextOptions);
      const result = await self.openIn(context);
      return result;
    },
    /** A further page in an existing context (shares cookies). */
    async openIn(context: BrowserContext): Promise<OpenPage> {
      const page = await context.newPage();
      const problems: string[] = [];
      const documents = new Set<string>();
      page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
      page.on('console', (m) => {
        if (m.type() !== 'error') return;
        const source = m.location().url;
        // Chromium logs a page answered with 4xx (a form re-rendered with 422, a 403 page) as a
        // console error; the tests assert those statuses themselves.
        if (m.text().startsWith('Failed to load resource') && documents.has(source.split('#')[0] ?? '')) return;
        // Chromium's automatic favicon request; whether one is served is asserted in smoke.e2e.test.ts.
        if (source.endsWith('/favicon.ico')) return;
        problems.push(`console: ${m.text()} (${source || page.url()})`);
      });
      page.on('requestfailed', (r) => {
        // A sub-resource still loading when the test navigates on is cancelled (ERR_ABORTED): not a fault of the page.
        if (!r.isNavigationRequest() && r.failure()?.errorText !== 'net::ERR_ABORTED') problems.push(`request failed: ${r.url()} ${r.failure()?.errorText ?? ''}`);
      });
      page.on('response', (r) => {
        if (r.request().isNavigationRequest()) documents.add(r.url());
        if (!r.request().isNavigationRequest() && r.status() >= 400) problems.push(`sub-resource ${r.status()}: ${r.url()}`);
      });
      const result = { context, page, a11y: new PageAuditor(page), problems };
      opened.push(result);
      return result;
    },
  };
  return self;
}

/** A short unique suffix for names, logins and e-mail addresses created by a test. */
export function unique(prefix = ''): string {
  return `${prefix}${Date.now().toString(36).slice(-5)}${Math.random().toString(36).slice(2, 6)}`;
}
