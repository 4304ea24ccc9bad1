/*
 * Calendar dates as plain 'YYYY-MM-DD' strings. Arithmetic goes through a UTC day number, so
 * the server's time zone can never shift a date (a local-time Date at midnight in
 * Asia/Shanghai is the previous day in UTC, which is how off-by-one deadlines happen).
 */

/** Bad input to the calendar functions; `message` is Chinese and safe to show to staff. */
export class CalendarInputError extends Error {
  readonly code = 'calendar_input';
  constructor(message: string) {
    super(message);
    this.name = 'CalendarInputError';
  }
}

const PLAIN_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const MS_PER_DAY = 86_400_000;
const WEEKDAY_LABELS = ['周日', '周一', '周二', '周三', '周四', '周五', '周六'] as const;

/** Days since 1970-01-01, or undefined when the text is not a real calendar date. */
function toDayNumberOrUndefined(text: string): number | undefined {
  const match = PLAIN_DATE.exec(text);
  if (!match) return undefined;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const ms = Date.UTC(year, month - 1, day);
  const back = new Date(ms);
  // Date.UTC maps years 0–99 to 1900–1999 and rolls 02-30 over to March: reject both.
  if (back.getUTCFullYear() !== year || back.getUTCMonth() !== month - 1 || back.getUTCDate() !== day) return undefined;
  return ms / MS_PER_DAY;
}

export function isPlainDate(text: unknown): text is string {
  return typeof text === 'string' && toDayNumberOrUndefined(text) !== undefined;
}

/** Throws CalendarInputError naming the field when `text` is not a real YYYY-MM-DD date. */
export function assertPlainDate(text: unknown, field = '日期'): asserts text is string {
  if (!isPlainDate(text)) {
    throw new CalendarInputError(`${field}格式不正确：应为 YYYY-MM-DD 形式的有效日期，收到 ${JSON.stringify(text)}`);
  }
}

export function toDayNumber(date: string): number {
  const days = toDayNumberOrUndefined(date);
  if (days === undefined) throw new CalendarInputError(`日期格式不正确：${JSON.stringify(date)}`);
  return days;
}

export function fromDayNumber(days: number): string {
  const d = new Date(days * MS_PER_DAY);
  const yyyy = String(d.getUTCFullYear()).padStart(4, '0');
  const mm = String(d.getUTCMonth() + 1).padStart(2, '0');
  const dd = String(d.getUTCDate()).padStart(2, '0');
  return `${yyyy}-${mm}-${dd}`;
}

export function addDays(date: string, days: number): string {
  return fromDayNumber(toDayNumber(date) + days);
}

/** 0 = Sunday … 6 = Saturday. */
export function dayOfWeek(date: string): number {
  // 1970-01-01 was a Thursday (4).
  return (((toDayNumber(date) + 4) % 7) + 7) % 7;
}

export function isWeekend(date: string): boolean {
  const dow = dayOfWeek(date);
  return dow === 0 || dow === 6;
}

export function weekdayLabel(date: string): string {
  return WEEKDAY_LABELS[dayOfWeek(date)] ?? '';
}

export function yearOf(date: string): number {
  return Number(date.slice(0, 4));
}
