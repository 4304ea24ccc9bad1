import { expect } from 'vitest';
import { submit, visit } from './browser.js';
import type { OpenPage } from './fixture.js';

/*
 * The policy library console (/console/documents), driven through its pages: the draft form, the
 * workbench's 送审 / review / publish forms and its smaller commands. Every page landed on is
 * audited (fixture.ts checks that nothing shown went unaudited).
 */

export interface DraftInput {
  /** A label of the 文件类型 select, e.g. 行政规范性文件. */
  type?: string;
  title: string;
  docNumber?: string;
  theme?: string;
  writtenOn?: string;
  effectiveOn?: string;
  /** Labels of the audience-tag vocabulary to tick. */
  audienceTags?: string[];
  needsInterpretation?: boolean;
  /** For 政策解读: a label of the 解读形式 select, e.g. 文字解读. */
  interpretationForm?: string;
  body: string;
  note?: string;
}

/** The id in /console/documents/:id of the page on screen. */
export function documentIdOf(p: OpenPage): number {
  const match = /^\/console\/documents\/(\d+)$/.exec(new URL(p.page.url()).pathname);
  if (!match) throw new Error(`not on a document workbench: ${p.page.url()}`);
  return Number(match[1]);
}

/** The draft form on screen (/console/documents/new, possibly pre-filled) filled in and saved; ends on the new workbench. */
export async function fillAndSaveDraft(p: OpenPage, input: DraftInput): Promise<number> {
  const { page } = p;
  const draft = page.getByRole('form', { name: '文件信息', exact: true });
  if (input.type) await draft.getByLabel(/^文件类型/).selectOption({ label: input.type });
  await draft.getByLabel(/^标题/).fill(input.title);
  if (input.docNumber !== undefined) await draft.getByLabel('文号', { exact: true }).fill(input.docNumber);
  if (input.theme) await draft.getByLabel('主题分类', { exact: true }).selectOption({ label: input.theme });
  if (input.writtenOn) await draft.getByLabel('成文日期', { exact: true }).fill(input.writtenOn);
  if (input.effectiveOn) await draft.getByLabel('施行日期', { exact: true }).fill(input.effectiveOn);
  for (const tag of input.audienceTags ?? []) await draft.getByRole('checkbox', { name: tag, exact: true }).check();
  if (input.needsInterpretation) await draft.getByLabel(/^该文件须同步发布政策解读/).check();
  if (input.interpretationForm) await draft.getByLabel('解读形式', { exact: true }).selectOption({ label: input.interpretationForm });
  await draft.getByLabel(/^正文/).fill(input.body);
  if (input.note) await draft.getByLabel('修改说明', { exact: true }).fill(input.note);
  const saved = await submit(page, draft.getByRole('button', { name: '保存草稿' }));
  expect(saved.post.status(), 'saving a draft answers with a redirect').toBe(303);
  expect(saved.final?.status()).toBe(200);
  await p.a11y.check();
  expect(new URL(page.url()).searchParams.get('done')).toBe('created');
  expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(input.title);
  return documentIdOf(p);
}

/** /console/documents/new → the form → the new document's workbench. */
export async function createDraft(p: OpenPage, input: DraftInput): Promise<number> {
  await visit(p.page, '/console/documents/new');
  await p.a11y.check();
  return fillAndSaveDraft(p, input);
}

/** Opens a document's workbench. */
export async function openWorkbench(p: OpenPage, id: number): Promise<void> {
  const response = await visit(p.page, `/console/documents/${id}`);
  expect(response.status()).toBe(200);
  await p.a11y.check();
}

/** The 审查与发布 section of the workbench on screen. */
export const workflowSection = (p: OpenPage) => p.page.getByRole('region', { name: '审查与发布', exact: true });

/** Text of the 当前状态 tag, e.g. 草稿, 审核中, 已审定待发布, 已发布. */
export async function statusOf(p: OpenPage): Promise<string> {
  const line = workflowSection(p).getByText(/^当前状态：/);
  return ((await line.locator('.tag').first().textContent()) ?? '').trim();
}

/** 送审 from the workbench (as an editor). */
export async function submitForReview(p: OpenPage, id: number): Promise<void> {
  await openWorkbench(p, id);
  const { post } = await submit(p.page, workflowSection(p).getByRole('button', { name: /^送审/ }));
  expect(post.status(), 'submitting for review answers with a redirect').toBe(303);
  await p.a11y.check();
  expect(new URL(p.page.url()).searchParams.get('done')).toBe('submitted');
  expect(await statusOf(p)).toBe('审核中');
}

export type Step = '公开属性认定' | '保密审查' | '审核签发';

/** The current review step's form on the workbench on screen. */
export const reviewForm = (p: OpenPage, step: Step) => p.page.getByRole('form', { name: new RegExp(`^${step}（第 \\d+ 版）$`) });

/**
 * Takes the document's current review step with 通过 (for 公开属性认定: 主动公开). Checks the step
 * offered is the one expected and that the workbench records it.
 */
export async function approveStep(p: OpenPage, id: number, step: Step, comment = '同意。'): Promise<void> {
  await openWorkbench(p, id);
  const review = reviewForm(p, step);
  expect(await review.count(), `the ${step} form on document ${id}`).toBe(1);
  if (step === '公开属性认定') await review.getByLabel('主动公开', { exact: true }).check();
  await review.getByLabel('通过', { exact: true }).check();
  await review.getByLabel(/^审查意见/).fill(comment);
  const { post } = await submit(p.page, review.getByRole('button', { name: '提交审查意见' }));
  expect(post.status(), `${step} answers with a redirect`).toBe(303);
  await p.a11y.check();
  expect(new URL(p.page.url()).searchParams.get('done')).toBe('reviewed');
  const steps = p.page.getByRole('list', { name: '本版本的审查环节' });
  expect(await steps.getByText(`${step}：已通过`).count()).toBe(1);
  const records = workflowSection(p).getByRole('row').filter({ hasText: step });
  expect(await records.filter({ hasText: '通过' }).count()).toBeGreaterThan(0);
}

/** 立即发布 from the workbench (as a member of the publishing roles); ends on the workbench. */
export async function publishNow(p: OpenPage, id: number): Promise<void> {
  await openWorkbench(p, id);
  const publish = p.page.getByRole('form', { name: '发布', exact: true });
  await publish.getByLabel('立即发布', { exact: true }).check();
  const { post } = await submit(p.page, publish.getByRole('button', { name: '发布', exact: true }));
  expect(post.status(), 'publishing answers with a redirect').toBe(303);
  await p.a11y.check();
  expect(new URL(p.page.url()).searchParams.get('done')).toBe('published');
  expect(await statusOf(p)).toBe('已发布');
}

/** The CSRF token of the signed-in staff member, read from a form on the page on screen. */
export async function csrfOf(p: OpenPage): Promise<string> {
  return p.page.locator('input[name="_csrf"]').first().inputValue();
}
