import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { consolePage } from '../../app/console-page.js';
import { requireStaff } from '../../app/guards.js';
import type { Services } from '../../app/services.js';
import { appendAudit } from '../../platform/audit/audit.service.js';
import {
  addDays,
  CALENDAR_MAX_YEAR,
  CALENDAR_MIN_YEAR,
  CalendarInputError,
  CalendarListenerError,
  DAY_NAME_MAX_LENGTH,
  dayOfWeek,
  explainDeadline,
  isPlainDate,
  MAX_WORKING_DAYS,
  weekdayLabel,
  YEAR_NOTE_MAX_LENGTH,
  yearOf,
  type CalendarCommandOutcome,
  type CommandContext,
  type DeadlineResult,
  type DeadlineStep,
  type InputIssue,
} from '../../platform/calendar/index.js';
import { notFound } from '../../platform/http/errors.js';
import { ChoiceGroup, ErrorSummary, Form, Notice, TextField, type Errors, type Values } from '../../platform/views/forms.js';

/*
 * 工作日历: the years of holiday arrangements that every statutory deadline is counted on.
 * Anyone in the disclosure office may look; only administrators change it, and every change
 * goes through the calendar service with an audit hook bound to the acting staff member.
 */

const VIEW_ROLES = ['admin', 'disclosure_office'] as const;
const EDIT_ROLES = ['admin'] as const;

const yearLabels = { year: '年份', note: '说明' };
const dayLabels = { date: '日期', kind: '类型', name: '节日名称' };
const calcLabels = { start: '起算日期', days: '工作日数' };

const KIND_TEXT = { holiday: '法定节假日', workday: '调休上班' } as const;
const SOURCE_TEXT: Record<string, string> = { 'chinese-days': 'chinese-days 数据包导入', manual: '手工录入' };
const STATUS_TEXT = { published: '已发布', draft: '草稿' } as const;
const kindOptions = [
  { value: 'holiday', label: '法定节假日（放假）', hint: '该日休息，不计入工作日' },
  { value: 'workday', label: '调休上班', hint: '周六或周日上班，计入工作日' },
];

const DONE_TEXT: Record<string, string> = {
  'year-added': '已新建该年份的日历草稿。录入放假安排并核对无误后，请发布。',
  'day-set': '已保存该日的安排。',
  'day-removed': '已删除该日的安排，该日恢复按星期计算。',
  'year-published': '已发布。该年份的放假安排自即日起用于期限计算。',
};

/** Steps listed in full up to this many; longer computations are summarised. */
const MAX_LISTED_STEPS = 400;

const str = (v: unknown): string => (typeof v === 'string' ? v : Array.isArray(v) ? str(v[0]) : '');

function formValues(request: FastifyRequest): Record<string, string> {
  const body = request.body;
  const values: Record<string, string> = {};
  if (body && typeof body === 'object') for (const [k, v] of Object.entries(body as Record<string, unknown>)) values[k] = str(v);
  return values;
}

/** Service issues → the first message per form field; anything else is a form-level ('') error. */
function issueErrors(issues: readonly InputIssue[], fields: readonly string[]): Errors {
  const errors: Errors = {};
  for (const issue of issues) {
    const key = fields.includes(issue.path) ? issue.path : '';
    if (!(key in errors)) errors[key] = issue.message;
  }
  return errors;
}

/** The current year in Asia/Shanghai, where the State Council's calendar applies. */
function shanghaiYear(now = new Date()): number {
  return Number(new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric' }).format(now));
}

function parseYearParam(text: string): number {
  if (!/^\d{4}$/.test(text)) throw notFound('该年份的日历');
  const year = Number(text);
  if (year < CALENDAR_MIN_YEAR || year > CALENDAR_MAX_YEAR) throw notFound('该年份的日历');
  return year;
}

const formatTime = (iso: string | null) =>
  iso ? new Date(iso).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false }) : '—';

interface YearSummary {
  year: number;
  status: 'draft' | 'published';
  source: string;
  note: string;
  published_at: string | null;
  updated_at: string;
  holidays: number;
  workdays: number;
}

export function calendarConsoleRoutes(app: FastifyInstance, services: Services): void {
  const isEditor = (request: FastifyRequest) => {
    const viewer = request.viewer;
    return !!viewer && (viewer.isPlatformAdmin || EDIT_ROLES.some((r) => viewer.roles.includes(r)));
  };

  const context = (request: FastifyRequest): CommandContext => {
    const actor = request.auditActor();
    return { audit: (trx, entry) => appendAudit(trx, actor, entry) };
  };

  /** Runs a command; a failing change listener must not turn a committed change into an error page. */
  const run = async (request: FastifyRequest, command: (ctx: CommandContext) => Promise<CalendarCommandOutcome>) => {
    try {
      return { outcome: await command(context(request)), listenerFailed: false };
    } catch (error) {
      if (!(error instanceof CalendarListenerError)) throw error;
      request.log.error({ err: error, change: error.change }, 'calendar change listeners failed');
      const outcome: CalendarCommandOutcome = { ok: true, change: error.change };
      return { outcome, listenerFailed: true };
    }
  };

  // Forms post to their own section (#set-day…) so that errors are in view; success goes back to the top.
  const doneUrl = (path: string, action: string, listenerFailed: boolean) =>
    `${path}?done=${action}${listenerFailed ? '&followup=failed' : ''}#main`;

  async function yearSummaries(): Promise<YearSummary[]> {
    const [years, counts] = await Promise.all([
      services.calendar.listYears(),
      services.database.db
        .selectFrom('calendar_days')
        .select((eb) => ['year', 'kind', eb.fn.countAll<number>().as('n')])
        .groupBy(['year', 'kind'])
        .execute(),
    ]);
    const count = (year: number, kind: string) => Number(counts.find((c) => Number(c.year) === year && c.kind === kind)?.n ?? 0);
    return years.map((y) => ({ ...y, year: Number(y.year), holidays: count(Number(y.year), 'holiday'), workdays: count(Number(y.year), 'workday') }));
  }

  function DoneNotice(props: { request: FastifyRequest<{ Querystring: Record<string, string | undefined> }> }) {
    const { done, followup } = props.request.query;
    const text = done ? DONE_TEXT[done] : undefined;
    return (
      <>
        {text ? <Notice kind="success">{text}</Notice> : null}
        {followup === 'failed' ? (
          <Notice kind="warning">日历已更新，但部分后续处理（如重新计算在办案件的期限）未能完成，已记入系统日志。请联系系统管理员核查。</Notice>
        ) : null}
      </>
    );
  }

  // ---------------------------------------------------------------- index + 期限试算

  interface IndexState {
    yearValues?: Values;
    yearErrors?: Errors;
    calc?: { values: Values; errors: Errors; result?: DeadlineResult & { steps: DeadlineStep[] }; days?: number };
  }

  async function indexPage(request: FastifyRequest<{ Querystring: Record<string, string | undefined> }>, state: IndexState) {
    const years = await yearSummaries();
    const editor = isEditor(request);
    const thisYear = shanghaiYear();
    const nextYear = thisYear + 1;
    const next = years.find((y) => y.year === nextYear);
    const current = years.find((y) => y.year === thisYear);
    const calc = state.calc ?? { values: {}, errors: {} };
    return consolePage(request, '工作日历', (
      <>
        <DoneNotice request={request} />
        {current?.status !== 'published' ? (
          <div class="notice notice-warning calendar-alert" role="alert">
            <h2>本年度（{thisYear}年）的工作日历尚未发布</h2>
            <p>当前所有期限都只能按周六、周日休息推算，遇法定节假日和调休时结果不准确。</p>
            {editor ? (
              <p>{current ? <a href={`/console/calendar/${thisYear}`}>录入并发布{thisYear}年日历</a> : <a href="#add-year">新建{thisYear}年日历</a>}</p>
            ) : (
              <p>请立即联系系统管理员录入并发布。</p>
            )}
          </div>
        ) : null}
        {next?.status !== 'published' ? (
          <div class="notice notice-warning calendar-alert" role="alert">
            <h2>{nextYear}年的工作日历尚未发布</h2>
            <p>
              国务院办公厅通常于每年 11 月前后公布下一年度的部分节假日安排。
              {next ? `${nextYear}年的日历目前是草稿，尚未生效。` : `系统中还没有${nextYear}年的日历。`}
              在发布之前，凡期限跨入{nextYear}年的，系统只能按周六、周日休息推算，结果可能不准确。
            </p>
            {editor ? (
              <p>{next ? <a href={`/console/calendar/${nextYear}`}>录入并发布{nextYear}年日历</a> : <a href="#add-year">新建{nextYear}年日历</a>}</p>
            ) : (
              <p>请联系系统管理员录入并发布。</p>
            )}
          </div>
        ) : null}

        <h2>已录入的年份</h2>
        {years.length === 0 ? (
          <p class="empty">尚未录入任何年份。</p>
        ) : (
          <div class="table-wrap">
            <table class="data">
              <caption class="visually-hidden">各年份工作日历</caption>
              <thead>
                <tr><th scope="col">年份</th><th scope="col">状态</th><th scope="col">来源</th><th scope="col">放假天数</th><th scope="col">调休上班天数</th><th scope="col">说明</th><th scope="col">最后修改</th></tr>
              </thead>
              <tbody>
                {[...years].reverse().map((y) => (
                  <tr key={y.year}>
                    <th scope="row"><a href={`/console/calendar/${y.year}`}>{y.year}年</a></th>
                    <td><StatusTag status={y.status} /></td>
                    <td>{SOURCE_TEXT[y.source] ?? y.source}</td>
                    <td>{y.holidays}</td>
                    <td>{y.workdays}</td>
                    <td>{y.note}</td>
                    <td>{formatTime(y.updated_at)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}

        {editor ? (
          <section aria-labelledby="add-year" class="calendar-section">
            <h2 id="add-year">新建年份</h2>
            <p>新建的年份是草稿，不影响期限计算；录入放假和调休安排后再发布。</p>
            <ErrorSummary errors={state.yearErrors ?? {}} labels={yearLabels} />
            <Form action="/console/calendar/years#add-year" csrfToken={request.csrfToken()} class="form-narrow" label="新建年份">
              <TextField name="year" label={yearLabels.year} values={state.yearValues ?? { year: next ? '' : String(nextYear) }} errors={state.yearErrors ?? {}} required inputMode="numeric" maxLength={4} hint={`四位数字，如 ${nextYear}`} />
              <TextField name="note" label={yearLabels.note} values={state.yearValues ?? {}} errors={state.yearErrors ?? {}} maxLength={YEAR_NOTE_MAX_LENGTH} hint="可选，如国务院办公厅通知的文号" />
              <div class="actions"><button class="button" type="submit">新建草稿</button></div>
            </Form>
          </section>
        ) : null}

        <section aria-labelledby="calc" class="calendar-section">
          <h2 id="calc">期限试算</h2>
          <p>按已发布的日历，计算自起算日期起若干个工作日后的届满日。起算日当天不计入（《民法典》第二百零一条）；届满日为休息日的，顺延至其后第一个工作日（第二百零三条）。</p>
          <ErrorSummary errors={calc.errors} labels={calcLabels} />
          <Form action="/console/calendar#calc" method="get" csrfToken="" class="form-narrow" label="期限试算">
            <TextField name="start" label={calcLabels.start} values={calc.values} errors={calc.errors} required hint="YYYY-MM-DD，如 2026-09-28" maxLength={10} />
            <TextField name="days" label={calcLabels.days} values={calc.values} errors={calc.errors} required inputMode="numeric" hint="如 20（依申请公开的答复期限）" maxLength={5} />
            <div class="actions"><button class="button" type="submit">计算</button></div>
          </Form>
          {calc.result ? <DeadlineAnswer result={calc.result} start={str(calc.values.start)} days={calc.days ?? 0} /> : null}
        </section>
      </>
    ));
  }

  app.get<{ Querystring: Record<string, string | undefined> }>('/console/calendar', async (request, reply) => {
    requireStaff(request, [...VIEW_ROLES]);
    const query = request.query;
    if (query.start === undefined && query.days === undefined) return reply.page(await indexPage(request, {}));

    const values = { start: str(query.start).trim(), days: str(query.days).trim() };
    const errors: Errors = {};
    if (!values.start) errors.start = '请填写起算日期';
    else if (!isPlainDate(values.start)) errors.start = '起算日期格式不正确，应为 YYYY-MM-DD 形式的有效日期（如 2026-09-28）';
    let days = 0;
    if (!values.days) errors.days = '请填写工作日数';
    else if (!/^\d+$/.test(values.days)) errors.days = '工作日数须为不小于 0 的整数';
    else if ((days = Number(values.days)) > MAX_WORKING_DAYS) errors.days = `工作日数不能超过 ${MAX_WORKING_DAYS}`;
    if (Object.keys(errors).length > 0) return reply.page(await indexPage(request, { calc: { values, errors } }), 422);

    try {
      const result = explainDeadline(values.start, days, await services.calendar.loadCalendar());
      return reply.page(await indexPage(request, { calc: { values, errors, result, days } }));
    } catch (error) {
      if (!(error instanceof CalendarInputError)) throw error;
      return reply.page(await indexPage(request, { calc: { values, errors: { '': error.message } } }), 422);
    }
  });

  app.post<{ Querystring: Record<string, string | undefined> }>('/console/calendar/years', async (request, reply) => {
    requireStaff(request, [...EDIT_ROLES]);
    const values = formValues(request);
    const { outcome, listenerFailed } = await run(request, (ctx) => services.calendar.addYear({ year: values.year?.trim() ?? '', note: values.note ?? '' }, ctx));
    if (!outcome.ok) {
      return reply.page(await indexPage(request, { yearValues: values, yearErrors: issueErrors(outcome.issues, ['year', 'note']) }), 422);
    }
    return reply.redirect(doneUrl(`/console/calendar/${outcome.change.year}`, 'year-added', listenerFailed), 303);
  });

  // ---------------------------------------------------------------- one year

  interface YearState {
    dayValues?: Values;
    dayErrors?: Errors;
    /** Problems with a delete or publish button: shown at the top, not against a field. */
    actionErrors?: Errors;
  }

  async function yearPage(request: FastifyRequest<{ Querystring: Record<string, string | undefined> }>, year: number, state: YearState, reply: FastifyReply, status = 200) {
    const [summary, days] = await Promise.all([yearSummaries().then((all) => all.find((y) => y.year === year)), services.calendar.listDays(year)]);
    if (!summary) throw notFound(`${year}年的日历`);
    const editor = isEditor(request);
    const editing = state.dayValues ?? (request.query.date && isPlainDate(request.query.date) ? dayFormValues(request.query.date, days) : { kind: 'holiday' });
    const dayErrors = state.dayErrors ?? {};
    return reply.page(consolePage(request, `${year}年工作日历`, (
      <>
        <p><a href="/console/calendar">← 返回工作日历</a></p>
        <DoneNotice request={request} />
        <ErrorSummary errors={state.actionErrors ?? {}} labels={{}} />
        <dl class="calendar-facts">
          <dt>状态</dt><dd><StatusTag status={summary.status} />{summary.status === 'published' ? `（${formatTime(summary.published_at)} 发布）` : '（尚未生效，不影响期限计算）'}</dd>
          <dt>来源</dt><dd>{SOURCE_TEXT[summary.source] ?? summary.source}</dd>
          <dt>安排</dt><dd>放假 {summary.holidays} 天，调休上班 {summary.workdays} 天</dd>
          {summary.note ? <><dt>说明</dt><dd>{summary.note}</dd></> : null}
        </dl>
        {editor && summary.status === 'draft' ? (
          <Form action={`/console/calendar/${year}/publish`} csrfToken={request.csrfToken()} label={`发布${year}年日历`}>
            <p>核对下列安排与国务院办公厅通知一致后发布。发布后，该年份的安排立即用于所有期限计算。</p>
            <button class="button" type="submit">发布{year}年日历</button>
          </Form>
        ) : null}
        {editor && summary.status === 'published' ? (
          <Notice kind="info">此年份已发布：修改或删除安排会立即影响期限计算，每次修改均记入审计日志。</Notice>
        ) : null}

        {editor ? (
          <section aria-labelledby="set-day" class="calendar-section">
            <h2 id="set-day">录入或修改一天</h2>
            <p>同一日期已有安排的，将被覆盖。</p>
            <ErrorSummary errors={dayErrors} labels={dayLabels} />
            <Form action={`/console/calendar/${year}/days#set-day`} csrfToken={request.csrfToken()} class="form-narrow" label="录入或修改一天">
              <TextField name="date" label={dayLabels.date} values={editing} errors={dayErrors} required maxLength={10} hint={`YYYY-MM-DD，须在 ${year} 年内，如 ${year}-10-01`} />
              <ChoiceGroup type="radio" name="kind" label={dayLabels.kind} values={editing} errors={dayErrors} required options={kindOptions} />
              <TextField name="name" label={dayLabels.name} values={editing} errors={dayErrors} required maxLength={DAY_NAME_MAX_LENGTH} hint="如 国庆节、春节" />
              <div class="actions"><button class="button" type="submit">保存</button></div>
            </Form>
          </section>
        ) : null}

        <h2 id="days">放假与调休安排</h2>
        {days.length === 0 ? (
          <p class="empty">尚未录入任何安排。未录入的日期按周一至周五上班、周六周日休息计算。</p>
        ) : (
          <div class="table-wrap">
            <table class="data">
              <caption class="visually-hidden">{year}年放假与调休安排</caption>
              <thead>
                <tr><th scope="col">日期</th><th scope="col">星期</th><th scope="col">类型</th><th scope="col">名称</th><th scope="col">来源</th>{editor ? <th scope="col">操作</th> : null}</tr>
              </thead>
              <tbody>
                {days.map((d) => (
                  <tr key={d.date} class={`day-${d.kind}`}>
                    <th scope="row">{d.date}</th>
                    <td>{weekdayLabel(d.date)}</td>
                    <td>{KIND_TEXT[d.kind]}</td>
                    <td>{d.name}</td>
                    <td>{SOURCE_TEXT[d.source] ?? d.source}</td>
                    {editor ? (
                      <td class="row-actions">
                        <a href={`/console/calendar/${year}?date=${d.date}#set-day`} aria-label={`修改 ${d.date}`}>修改</a>
                        <Form action={`/console/calendar/${year}/days/remove`} csrfToken={request.csrfToken()} class="inline-form" label={`删除 ${d.date}`}>
                          <input type="hidden" name="date" value={d.date} />
                          <button class="link-button" type="submit" aria-label={`删除 ${d.date} 的安排`}>删除</button>
                        </Form>
                      </td>
                    ) : null}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}

        <h2 id="months">月历一览</h2>
        <MonthGrid year={year} days={days} />
      </>
    )), status);
  }

  app.get<{ Params: { year: string }; Querystring: Record<string, string | undefined> }>('/console/calendar/:year', async (request, reply) => {
    requireStaff(request, [...VIEW_ROLES]);
    return yearPage(request, parseYearParam(request.params.year), {}, reply);
  });

  app.post<{ Params: { year: string }; Querystring: Record<string, string | undefined> }>('/console/calendar/:year/days', async (request, reply) => {
    requireStaff(request, [...EDIT_ROLES]);
    const year = parseYearParam(request.params.year);
    const values = formValues(request);
    const date = (values.date ?? '').trim();
    if (isPlainDate(date) && yearOf(date) !== year) {
      return yearPage(request, year, { dayValues: values, dayErrors: { date: `日期须在 ${year} 年内；其他年份的安排请到该年份页面录入` } }, reply, 422);
    }
    const { outcome, listenerFailed } = await run(request, (ctx) =>
      services.calendar.setDay({ date, kind: (values.kind ?? '') as 'holiday', name: values.name ?? '' }, ctx),
    );
    if (!outcome.ok) return yearPage(request, year, { dayValues: values, dayErrors: issueErrors(outcome.issues, ['date', 'kind', 'name']) }, reply, 422);
    return reply.redirect(doneUrl(`/console/calendar/${year}`, 'day-set', listenerFailed), 303);
  });

  app.post<{ Params: { year: string }; Querystring: Record<string, string | undefined> }>('/console/calendar/:year/days/remove', async (request, reply) => {
    requireStaff(request, [...EDIT_ROLES]);
    const year = parseYearParam(request.params.year);
    const date = (formValues(request).date ?? '').trim();
    if (isPlainDate(date) && yearOf(date) !== year) {
      return yearPage(request, year, { actionErrors: { '': `${date} 不属于 ${year} 年` } }, reply, 422);
    }
    const { outcome, listenerFailed } = await run(request, (ctx) => services.calendar.removeDay({ date }, ctx));
    if (!outcome.ok) return yearPage(request, year, { actionErrors: issueErrors(outcome.issues, []) }, reply, 422);
    return reply.redirect(doneUrl(`/console/calendar/${year}`, 'day-removed', listenerFailed), 303);
  });

  app.post<{ Params: { year: string }; Querystring: Record<string, string | undefined> }>('/console/calendar/:year/publish', async (request, reply) => {
    requireStaff(request, [...EDIT_ROLES]);
    const year = parseYearParam(request.params.year);
    const { outcome, listenerFailed } = await run(request, (ctx) => services.calendar.publishYear({ year }, ctx));
    if (!outcome.ok) return yearPage(request, year, { actionErrors: issueErrors(outcome.issues, []) }, reply, 422);
    return reply.redirect(doneUrl(`/console/calendar/${year}`, 'year-published', listenerFailed), 303);
  });
}

function dayFormValues(date: string, days: readonly { date: string; kind: string; name: string }[]): Values {
  const day = days.find((d) => d.date === date);
  return day ? { date: day.date, kind: day.kind, name: day.name } : { date, kind: 'holiday' };
}

// ---------------------------------------------------------------- pieces

function stepText(step: DeadlineStep, last: boolean, zeroDays: boolean): string {
  const when = `${step.date}（${step.weekday}）`;
  switch (step.kind) {
    case 'start':
      if (zeroDays) return step.working ? `${when}：工作日数为 0，期限当日届满` : `${when}：工作日数为 0，期限本应当日届满，但当日为休息日（${step.reason}），依法顺延`;
      return `${when}：起算日，当日不计入${step.working ? '' : `（${step.reason}）`}`;
    case 'counted':
      return `${when}：第 ${step.index} 个工作日${step.reason === '工作日' ? '' : `，${step.reason}`}${last ? '，期限届满' : ''}`;
    case 'skipped':
      return `${when}：${step.reason}，休息日不计入`;
    case 'postponed':
      return `${when}：顺延至此日（${step.reason}），期限届满`;
  }
}

function DeadlineAnswer(props: { result: DeadlineResult & { steps: DeadlineStep[] }; start: string; days: number }) {
  const { result } = props;
  const steps = result.steps;
  const listed = steps.length > MAX_LISTED_STEPS ? steps.slice(-MAX_LISTED_STEPS) : steps;
  return (
    <div class="deadline-answer">
      <p class="deadline-due">
        {props.start} 起 {props.days} 个工作日，届满日为 <strong>{result.due}</strong>（{weekdayLabel(result.due)}）。
      </p>
      {result.warnings.map((w) => <Notice kind="warning" key={w}>{w}</Notice>)}
      <details open={steps.length <= 60}>
        <summary>逐日计算过程（共 {steps.length} 天）</summary>
        {listed.length < steps.length ? <p>计算过程较长，仅列出最后 {listed.length} 天。</p> : null}
        <ol class="deadline-steps" start={steps.length - listed.length + 1}>
          {listed.map((step, i) => (
            <li key={step.date} class={`step-${step.kind}`}>{stepText(step, i === listed.length - 1, props.days === 0)}</li>
          ))}
        </ol>
      </details>
    </div>
  );
}

function StatusTag(props: { status: 'draft' | 'published' }) {
  return <span class={props.status === 'published' ? 'tag tag-green' : 'tag tag-red'}>{STATUS_TEXT[props.status]}</span>;
}

const WEEK_HEAD = ['一', '二', '三', '四', '五', '六', '日'];

/** Twelve compact month tables; holidays and adjusted working days are marked in text, not only colour. */
function MonthGrid(props: { year: number; days: readonly { date: string; kind: 'holiday' | 'workday'; name: string }[] }) {
  const byDate = new Map(props.days.map((d) => [d.date, d]));
  const months = Array.from({ length: 12 }, (_, m) => m + 1);
  return (
    <div class="calendar-months">
      {months.map((month) => {
        const first = `${props.year}-${String(month).padStart(2, '0')}-01`;
        const lead = (dayOfWeek(first) + 6) % 7; // Monday-first weeks
        const cells: (string | null)[] = Array.from({ length: lead }, () => null);
        for (let d = first; yearOf(d) === props.year && Number(d.slice(5, 7)) === month; d = addDays(d, 1)) cells.push(d);
        while (cells.length % 7 !== 0) cells.push(null);
        const weeks = Array.from({ length: cells.length / 7 }, (_, w) => cells.slice(w * 7, w * 7 + 7));
        return (
          <table class="calendar-month" key={month}>
            <caption>{month}月</caption>
            <thead><tr>{WEEK_HEAD.map((h) => <th scope="col" key={h} abbr={`星期${h}`}>{h}</th>)}</tr></thead>
            <tbody>
              {weeks.map((week, w) => (
                <tr key={w}>
                  {week.map((date, i) => {
                    if (!date) return <td key={i} />;
                    const day = byDate.get(date);
                    const weekend = i >= 5;
                    const cls = day ? `cal-${day.kind}` : weekend ? 'cal-weekend' : undefined;
                    const title = day ? `${date} ${KIND_TEXT[day.kind]}（${day.name}）` : undefined;
                    return (
                      <td key={i} class={cls} title={title}>
                        {Number(date.slice(8))}
                        {day ? <span class="cal-mark" aria-hidden="true">{day.kind === 'holiday' ? '休' : '班'}</span> : null}
                        {day ? <span class="visually-hidden">{KIND_TEXT[day.kind]}（{day.name}）</span> : null}
                      </td>
                    );
                  })}
                </tr>
              ))}
            </tbody>
          </table>
        );
      })}
    </div>
  );
}
