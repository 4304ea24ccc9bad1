import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDialects } from '../src/platform/db/testing.js';
import { textOf as text, type Client, type Form, type Reply } from './support/client.js';
import { startTestApp, type TestApp } from './support/test-app.js';

/* The 工作日历 console pages, through the real app: sign-in, roles, CSRF, audit and the deadline calculator. */

const nextYear = () => Number(new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric' }).format(new Date())) + 1;

/** Posts with the CSRF token of the page the form sits on (by default the year page for day/publish forms). */
function post(client: Client, url: string, form: Form, from = url.replace(/\/(days(\/remove)?|publish)$/, '')): Promise<Reply> {
  return client.submit(url, form, from);
}

describe.each(testDialects())('console calendar editor (%s)', (kind) => {
  let t: TestApp;
  const staff = (username: string, roles: Parameters<TestApp['staffClient']>[1]) => t.staffClient(username, roles);

  beforeAll(async () => {
    t = await startTestApp(kind);
  });

  afterAll(async () => {
    await t?.close();
  });

  it('sends anonymous visitors to the staff sign-in', async () => {
    const reply = await t.client().get('/console/calendar');
    expect(reply.status).toBe(303);
    expect(reply.location).toMatch(/^\/console\/login\?next=%2Fconsole%2Fcalendar/);
  });

  it('refuses editors, even the page', async () => {
    const editor = await staff('cal.editor', ['editor']);
    expect((await editor.get('/console/calendar')).status).toBe(403);
    expect((await editor.get('/console/calendar/2026')).status).toBe(403);
  });

  it('lets the disclosure office look but not change anything', async () => {
    const office = await staff('cal.office', ['disclosure_office']);
    const index = await office.get('/console/calendar');
    expect(index.status).toBe(200);
    expect(index.body).toContain('2026年');
    expect(index.body).not.toContain('action="/console/calendar/years');
    const year = await office.get('/console/calendar/2026');
    expect(year.status).toBe(200);
    expect(text(year.body)).toContain('国庆节');
    expect(year.body).not.toContain('method="post" action="/console/calendar/2026');

    // A valid CSRF token (from the page the office can see) still does not open the door.
    const before = await t.gk.services.calendar.listDays(2026);
    const set = await post(office, '/console/calendar/2026/days', { date: '2026-12-31', kind: 'holiday', name: '试验' }, '/console/calendar');
    expect(set.status).toBe(403);
    expect((await post(office, '/console/calendar/2026/days/remove', { date: '2026-10-01' }, '/console/calendar')).status).toBe(403);
    expect((await post(office, '/console/calendar/years', { year: '2099' }, '/console/calendar')).status).toBe(403);
    expect((await post(office, '/console/calendar/2026/publish', {}, '/console/calendar')).status).toBe(403);
    expect(await t.gk.services.calendar.listDays(2026)).toEqual(before);
  });

  it('lets an administrator add a year, set and remove days and publish, each audited', async () => {
    const admin = await staff('cal.admin', ['admin']);
    const year = 2090;
    const index = await admin.get('/console/calendar');
    expect(index.status).toBe(200);
    expect(index.body).toContain('action="/console/calendar/years#add-year"');

    const added = await post(admin, '/console/calendar/years', { year: String(year), note: '国办发明电〔2089〕7号' }, '/console/calendar');
    expect(added.status).toBe(303);
    expect(added.location).toBe(`/console/calendar/${year}?done=year-added#main`);
    const draft = await admin.get(added.location!);
    expect(text(draft.body)).toContain('草稿');
    expect(text(draft.body)).toContain('国办发明电〔2089〕7号');

    const set = await post(admin, `/console/calendar/${year}/days`, { date: `${year}-10-02`, kind: 'holiday', name: '国庆节' });
    expect(set.status).toBe(303);
    expect(set.location).toBe(`/console/calendar/${year}?done=day-set#main`);
    const page = await admin.get(set.location!);
    expect(page.status).toBe(200);
    expect(text(page.body)).toContain(`${year}-10-02`);
    expect(text(page.body)).toContain('法定节假日');
    expect(text(page.body)).toContain('已保存该日的安排');
    expect(await t.gk.services.calendar.listDays(year)).toEqual([expect.objectContaining({ date: `${year}-10-02`, kind: 'holiday', name: '国庆节', source: 'manual' })]);

    // Editing the same date through the pre-filled form overwrites it.
    const edit = await admin.get(`/console/calendar/${year}?date=${year}-10-02`);
    expect(edit.body).toMatch(/id="f-date"[^>]*value="2090-10-02"|value="2090-10-02"[^>]*id="f-date"/);

    const published = await post(admin, `/console/calendar/${year}/publish`, {}, `/console/calendar/${year}`);
    expect(published.status).toBe(303);
    expect(text((await admin.get(published.location!)).body)).toContain('已发布');
    const republish = await post(admin, `/console/calendar/${year}/publish`, {}, `/console/calendar/${year}`);
    expect(republish.status).toBe(422);
    expect(text(republish.body)).toContain(`${year}年的日历已经发布`);

    const removed = await post(admin, `/console/calendar/${year}/days/remove`, { date: `${year}-10-02` }, `/console/calendar/${year}`);
    expect(removed.status).toBe(303);
    expect(await t.gk.services.calendar.listDays(year)).toEqual([]);
    const again = await post(admin, `/console/calendar/${year}/days/remove`, { date: `${year}-10-02` }, `/console/calendar/${year}`);
    expect(again.status).toBe(422);
    expect(text(again.body)).toContain('没有放假或调休安排');

    const audit = await t.database.db
      .selectFrom('audit_log')
      .select(['action', 'actor_label', 'target_id'])
      .where('action', 'like', 'calendar%')
      .orderBy('seq')
      .execute();
    expect(audit).toEqual([
      { action: 'calendar.year.add', actor_label: '测试cal.admin', target_id: String(year) },
      { action: 'calendar.day.set', actor_label: '测试cal.admin', target_id: `${year}-10-02` },
      { action: 'calendar.year.publish', actor_label: '测试cal.admin', target_id: String(year) },
      { action: 'calendar.day.remove', actor_label: '测试cal.admin', target_id: `${year}-10-02` },
    ]);
  });

  it('answers bad input with 422, the Chinese message and the typed values', async () => {
    const admin = await staff('cal.admin2', ['admin']);
    const badDate = await post(admin, '/console/calendar/2026/days', { date: '2026-02-30', kind: 'holiday', name: '春节补录' });
    expect(badDate.status).toBe(422);
    expect(badDate.body).toContain('日期格式不正确');
    expect(badDate.body).toContain('value="2026-02-30"');
    expect(badDate.body).toContain('value="春节补录"');
    expect(badDate.body).toContain('aria-invalid="true"');
    expect(badDate.body).toContain('class="error-summary"');

    const weekdayWork = await post(admin, '/console/calendar/2026/days', { date: '2026-10-12', kind: 'workday', name: '国庆节' });
    expect(weekdayWork.status).toBe(422);
    expect(text(weekdayWork.body)).toContain('调休上班日须为周六或周日');

    const wrongYear = await post(admin, '/console/calendar/2026/days', { date: '2025-10-01', kind: 'holiday', name: '国庆节' });
    expect(wrongYear.status).toBe(422);
    expect(text(wrongYear.body)).toContain('日期须在 2026 年内');

    const noKind = await post(admin, '/console/calendar/2026/days', { date: '2026-12-31', name: '' });
    expect(noKind.status).toBe(422);
    expect(text(noKind.body)).toContain('节日名称不能为空');
    expect(text(noKind.body)).toContain('类型须为');

    const badYear = await post(admin, '/console/calendar/years', { year: '20x7', note: '备注保留' }, '/console/calendar');
    expect(badYear.status).toBe(422);
    expect(text(badYear.body)).toContain('年份须为');
    expect(badYear.body).toContain('value="20x7"');
    expect(badYear.body).toContain('value="备注保留"');

    const existing = await post(admin, '/console/calendar/years', { year: '2026' }, '/console/calendar');
    expect(existing.status).toBe(422);
    expect(text(existing.body)).toContain('2026年的日历已存在');

    expect((await admin.get('/console/calendar/abcd')).status).toBe(404);
    expect((await admin.get('/console/calendar/1999')).status).toBe(404);
  });

  it('warns while next year has no published calendar', async () => {
    const admin = await staff('cal.admin3', ['admin']);
    const year = nextYear();
    const published = (await t.gk.services.calendar.listYears()).some((y) => Number(y.year) === year && y.status === 'published');
    if (!published) {
      expect(text((await admin.get('/console/calendar')).body)).toContain(`${year}年的工作日历尚未发布`);
      if (!(await t.gk.services.calendar.listYears()).some((y) => Number(y.year) === year)) {
        expect((await post(admin, '/console/calendar/years', { year: String(year) }, '/console/calendar')).status).toBe(303);
      }
      expect((await post(admin, `/console/calendar/${year}/days`, { date: `${year}-01-01`, kind: 'holiday', name: '元旦' })).status).toBe(303);
      expect(text((await admin.get('/console/calendar')).body)).toContain(`${year}年的工作日历尚未发布`);
      expect((await post(admin, `/console/calendar/${year}/publish`, {}, `/console/calendar/${year}`)).status).toBe(303);
    }
    expect(text((await admin.get('/console/calendar')).body)).not.toContain('工作日历尚未发布');
  });

  it('computes a deadline step by step', async () => {
    const office = await staff('cal.office2', ['disclosure_office']);
    const reply = await office.get('/console/calendar?start=2026-09-28&days=20');
    expect(reply.status).toBe(200);
    const body = text(reply.body);
    expect(body).toContain('届满日为 2026-10-30');
    expect(body).toContain('2026-10-01（周四）：国庆节，休息日不计入');
    expect(body).toContain('2026-10-10（周六）：第 5 个工作日，调休上班（国庆节）');
    expect(body).toContain('2026-10-30（周五）：第 20 个工作日，期限届满');
    expect(reply.body).toContain('value="2026-09-28"');

    const zero = await office.get('/console/calendar?start=2026-10-03&days=0');
    expect(text(zero.body)).toContain('届满日为 2026-10-08');
    expect(text(zero.body)).toContain('依法顺延');

    const far = await office.get('/console/calendar?start=2099-12-20&days=10');
    expect(far.status).toBe(200);
    expect(text(far.body)).toContain('2100年');

    const bad = await office.get('/console/calendar?start=2026-13-01&days=-3');
    expect(bad.status).toBe(422);
    expect(text(bad.body)).toContain('起算日期格式不正确');
    expect(text(bad.body)).toContain('工作日数须为不小于 0 的整数');
    expect(bad.body).toContain('value="2026-13-01"');
    expect(bad.body).toContain('value="-3"');

    const huge = await office.get('/console/calendar?start=2026-09-28&days=99999');
    expect(huge.status).toBe(422);
    expect(text(huge.body)).toContain('工作日数不能超过');

    const empty = await office.get('/console/calendar?start=&days=');
    expect(empty.status).toBe(422);
    expect(text(empty.body)).toContain('请填写起算日期');
  });
});
