import { join } from 'node:path';
import mammoth from 'mammoth';
import { beforeAll, describe, expect, it } from 'vitest';
import { CASE_RULES_KEY, todayInShanghai } from '../../src/modules/applications/cases/case-rules.js';
import { loadCalendar } from '../../src/platform/calendar/calendar.service.js';
import { isWorkingDay } from '../../src/platform/calendar/working-days.js';
import { nowIso, openDatabase } from '../../src/platform/db/database.js';
import { idNumber } from '../../src/platform/text/scanner/fixtures/generators.js';
import { buildMinimalPdf } from '../../src/platform/text/scanner/fixtures/minimal-pdf.js';
import { signInCitizen, signInStaff } from './support/actions.js';
import { screenshot, submit, visit } from './support/browser.js';
import { unique, useGongkai, type OpenPage } from './support/fixture.js';

/*
 * 依申请公开 end to end, as issue 4 asks ("Tests that must exist", Browser): a citizen applies
 * online; 公开办 (gkb) assigns the case to 详细规划管理处; the department (handler) asks for 补正;
 * the citizen corrects online; the department replies (予以公开) with a letter; the citizen
 * reads it in the space. Demo logins, password Gongkai-demo-2026.
 */

const gk = useGongkai();

const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, ...Buffer.from('id scan')]);

beforeAll(async () => {
  // Staff commands are dated today and may not precede the legal receipt date; on a rest day an
  // online application is received on the next working day, so there the test counts receipt
  // from the day submitted (the rule itself is covered by test/applications-applicant.test.ts).
  const database = openDatabase({ kind: 'sqlite', file: join(gk.server.dataDir, 'gongkai.db') });
  try {
    if (!isWorkingDay(todayInShanghai(), await loadCalendar(database))) {
      await database.db.insertInto('platform_settings').values({ key: CASE_RULES_KEY, value: JSON.stringify({ clock: { onlineRestDayNextWorkingDay: false } }), updated_at: nowIso() }).execute();
    }
  } finally {
    await database.close();
  }
});

/** A field by its label, with or without the required marker (“ *”). */
const label = (text: string) => new RegExp(`^${text}( \\*)?$`);

async function staff(username: string): Promise<OpenPage> {
  const p = await gk.open();
  await signInStaff(p, username);
  return p;
}

/** The value of a row of a two-column table (th scope=row, td). */
async function rowValue(p: OpenPage, label: string): Promise<string> {
  const row = p.page.getByRole('row').filter({ has: p.page.getByRole('rowheader', { name: label, exact: true }) });
  return ((await row.getByRole('cell').first().textContent()) ?? '').trim();
}

/** Opens the case from the console queue, as staff would. */
async function openFromQueue(p: OpenPage, number: string): Promise<void> {
  await visit(p.page, '/console/applications');
  await p.a11y.check();
  await Promise.all([p.page.waitForURL(/\/console\/applications\/\d+$/, { waitUntil: 'load' }), p.page.getByRole('link', { name: number, exact: true }).click()]);
  await p.a11y.check();
}

async function post(p: OpenPage, formName: string, button: string, expected = 303) {
  const form = p.page.getByRole('form', { name: formName, exact: true });
  const { post: response } = await submit(p.page, form.getByRole('button', { name: button, exact: true }));
  expect(response.status(), `${formName} → ${button}`).toBe(expected);
  await p.a11y.check();
}

describe('依申请公开: apply → assign → 补正 → correct online → reply → read', () => {
  it('a citizen applies online, corrects online and reads the reply letter in the space', async () => {
    const tag = unique().toUpperCase();
    const description = `2025年徐汇区滨江地块控制性详细规划调整的批复文件及附图（E2E${tag}）`;

    // 1. The citizen applies: first with mistakes (422, kept input), then properly.
    const citizen = await gk.open();
    await signInCitizen(citizen);
    await visit(citizen.page, '/apply');
    await citizen.a11y.check();
    const apply = citizen.page.getByRole('form', { name: '政府信息公开申请', exact: true });
    expect(await apply.getByLabel(label('电子邮箱')).inputValue()).toBe('citizen@example.com');
    await apply.getByLabel(label('证件号码')).fill('110101199003071239');
    await apply.getByLabel(label('所需政府信息的描述')).fill('规划文件');
    await post(citizen, '政府信息公开申请', '提交申请', 422);
    const summary = citizen.page.getByRole('alert');
    for (const message of ['居民身份证号码有误', '至少 10 个字', '请阅读并勾选声明']) expect(await summary.textContent()).toContain(message);
    expect(await apply.getByLabel(label('所需政府信息的描述')).inputValue()).toBe('规划文件');

    await apply.getByLabel(label('身份证件类型')).selectOption({ label: '居民身份证' });
    await apply.getByLabel(label('证件号码')).fill(idNumber('31010419851202301'));
    await apply.getByLabel(label('所需政府信息的描述')).fill(description);
    await apply.getByLabel(label('申请用途（可选）')).fill('了解住所周边规划');
    await apply.getByLabel(label('在线查看（个人空间）')).check();
    await apply.getByLabel(/^本人（本单位）承诺/).check();
    await apply.getByLabel(label('身份证件扫描件（可选）')).setInputFiles({ name: '身份证.png', mimeType: 'image/png', buffer: PNG });
    await post(citizen, '政府信息公开申请', '提交申请');
    expect(await citizen.page.getByRole('heading', { level: 1 }).textContent()).toBe('申请已提交');
    const number = await rowValue(citizen, '申请编号');
    const receivedOn = await rowValue(citizen, '收到申请日期');
    expect(number).toMatch(/^依申〔\d{4}〕\d+号$/);
    expect(receivedOn).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(await rowValue(citizen, '答复期限')).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    await Promise.all([citizen.page.waitForURL(/\/space\/applications\/\d+$/, { waitUntil: 'load' }), citizen.page.getByRole('link', { name: '在个人空间查看办理进度' }).click()]);
    await citizen.a11y.check();
    const casePath = new URL(citizen.page.url()).pathname;
    expect(await rowValue(citizen, '状态')).toContain('已收到');

    // 2. 公开办 assigns it to 详细规划管理处.
    const office = await staff('gkb');
    await openFromQueue(office, number);
    await office.page.getByRole('form', { name: '分办', exact: true }).getByLabel(label('承办处室')).selectOption({ label: '详细规划管理处' });
    await post(office, '分办', '分办');
    expect(await office.page.getByRole('status').first().textContent()).toContain('已分办');

    // 3. The department asks for 补正 (one notice listing everything).
    const handler = await staff('handler');
    await openFromQueue(handler, number);
    const item = '请写明所需批复文件的文号或批复时间';
    // In 办理中 the reply comes first; the other actions are folded away until asked for.
    await handler.page.locator('summary', { hasText: '补正通知（一次性告知）' }).click();
    await handler.page.getByRole('form', { name: '补正通知（一次性告知）', exact: true }).getByLabel(label('补正事项')).fill(item);
    await post(handler, '补正通知（一次性告知）', '发出补正通知');

    // 4. The citizen sees the notice in the space and corrects online.
    await visit(citizen.page, '/space/applications');
    await citizen.a11y.check();
    const listRow = citizen.page.getByRole('row').filter({ has: citizen.page.getByRole('link', { name: number, exact: true }) });
    expect(await listRow.textContent()).toContain('待补正');
    await Promise.all([citizen.page.waitForURL((url) => url.pathname === casePath, { waitUntil: 'load' }), listRow.getByRole('link', { name: number, exact: true }).click()]);
    await citizen.a11y.check();
    const notice = citizen.page.getByRole('region', { name: '补正通知', exact: true });
    expect(await notice.textContent()).toContain(item);
    const correction = citizen.page.getByRole('form', { name: '提交补正材料', exact: true });
    await correction.getByLabel(label('补正内容')).fill('所需文件为沪府规〔2025〕12号批复及其附图，批复时间为 2025 年 6 月。');
    await correction.getByLabel(label('补正材料（可选）')).setInputFiles({ name: '补正说明.pdf', mimeType: 'application/pdf', buffer: Buffer.from(buildMinimalPdf(['补正说明', '沪府规〔2025〕12号'])) });
    await post(citizen, '提交补正材料', '提交补正');
    expect(await citizen.page.getByRole('status').first().textContent()).toContain('补正材料已提交');
    expect(await rowValue(citizen, '状态')).toContain('办理中');
    expect(await citizen.page.getByRole('region', { name: '办理记录', exact: true }).textContent()).toContain('收到补正材料');

    // 5. The department sees the correction and replies 予以公开; the letter is made from the template.
    await visit(handler.page, new URL(handler.page.url()).pathname);
    await handler.a11y.check();
    expect(await handler.page.getByRole('region', { name: '办理记录', exact: true }).textContent()).toContain('沪府规〔2025〕12号');
    const reply = handler.page.getByRole('form', { name: '作出答复', exact: true });
    await reply.getByLabel(label('答复类型')).selectOption({ label: '（一）予以公开 予以公开' });
    await reply.locator('textarea[name="note"]').fill('提供沪府规〔2025〕12号批复及附图。');
    // The released record goes with the reply form itself; the scanner finds nothing in it.
    const released = Buffer.from(buildMinimalPdf(['关于滨江地块控制性详细规划调整的批复', '沪府规〔2025〕12号']));
    await reply.getByLabel(label('随答复一并上传公开信息（可选）')).setInputFiles({ name: '批复文件.pdf', mimeType: 'application/pdf', buffer: released });
    await post(handler, '作出答复', '登记答复');
    expect(await handler.page.getByRole('status').first().textContent()).toContain('已登记答复');

    // 6. The citizen reads the reply in the space and downloads the letter.
    await visit(citizen.page, casePath);
    await citizen.a11y.check();
    expect(await rowValue(citizen, '状态')).toContain('已答复');
    expect(await rowValue(citizen, '状态')).toContain('予以公开');
    const letters = citizen.page.getByRole('region', { name: '告知书与通知书', exact: true });
    const letterLink = letters.getByRole('link', { name: /答复告知书/ });
    expect(await letterLink.count(), 'a reply letter in the space').toBe(1);
    const href = (await letterLink.getAttribute('href')) ?? '';
    expect(href).toMatch(new RegExp(`^${casePath}/files/\\d+$`));
    await screenshot(citizen.page, 'applications-space-replied');
    const download = await citizen.context.request.get(href);
    expect(download.status()).toBe(200);
    expect(download.headers()['content-type']).toContain(DOCX);
    expect(download.headers()['content-disposition'] ?? '').toContain('attachment');
    const letterText = (await mammoth.extractRawText({ buffer: await download.body() })).value;
    expect(letterText).toContain(number);
    expect(letterText).toContain('张三');
    expect(letterText).toContain('1. 批复文件.pdf（可在个人空间下载）');

    // The released record is the citizen's to download too.
    const record = citizen.page.getByRole('region', { name: '公开的政府信息', exact: true }).getByRole('link', { name: '批复文件.pdf', exact: true });
    const recordHref = (await record.getAttribute('href')) ?? '';
    expect(recordHref).toMatch(new RegExp(`^${casePath}/files/\\d+$`));
    const recordDownload = await citizen.context.request.get(recordHref);
    expect(recordDownload.status()).toBe(200);
    expect(Buffer.compare(await recordDownload.body(), released)).toBe(0);

    // Nobody else gets the letter: the handler's staff session is not the applicant.
    expect((await handler.context.request.get(href, { maxRedirects: 0 })).status()).toBe(403);
  });
});
