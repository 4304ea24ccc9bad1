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
  if (typeof text === 'string' && text.length === 10) return parseDayNumber(text);
  return toDayNumberViaDate(text);
}

/*
 * The hot path (every working-day computation parses dates): the ten characters are read as
 * char codes and the day number is computed with integer arithmetic (the proleptic Gregorian
 * calendar, as Date.UTC uses; H. Hinnant's days_from_civil). It accepts exactly what the
 * original regular expression + Date round trip accepts: digits in YYYY-MM-DD form, years
 * 0100–9999 (Date.UTC maps 0–99 to 1900–1999), real months and days.
 */
function parseDayNumber(text: string): number | undefined {
  const y = digits4(text);
  const m = digit(text, 5) * 10 + digit(text, 6);
  const d = digit(text, 8) * 10 + digit(text, 9);
  // digit() returns NaN for a non-digit, which fails every comparison below.
  if (!(y >= 100 && m >= 1 && m <= 12 && d >= 1) || text.charCodeAt(4) !== 45 || text.charCodeAt(7) !== 45) return undefined;
  if (d > daysInMonth(y, m)) return undefined;
  return daysFromCivil(y, m, d);
}

function digit(text: string, at: number): number {
  const c = text.charCodeAt(at) - 48;
  return c >= 0 && c <= 9 ? c : NaN;
}

function digits4(text: string): number {
  return digit(text, 0) * 1000 + digit(text, 1) * 100 + digit(text, 2) * 10 + digit(text, 3);
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** Days since 1970-01-01 of a valid date with year ≥ 0. */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month > 2 ? month - 3 : month + 9) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146_097 + doe - 719_468;
}

/** The reference parser (anything that is not ten characters long: always undefined for a string). */
function toDayNumberViaDate(text: string): number | undefined {
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

/** The day number (days since 1970-01-01) of a real YYYY-MM-DD date, undefined for anything else (as isPlainDate). */
export function parsePlainDate(text: unknown): number | undefined {
  return typeof text === 'string' ? toDayNumberOrUndefined(text) : undefined;
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

/** 0100-01-01 and 9999-12-31: the days fromDayNumber writes with integer arithmetic. */
const FAST_FIRST_DAY = -683_003;
const FAST_LAST_DAY = 2_932_896;
const TWO_DIGITS = Array.from({ length: 32 }, (_, i) => String(i).padStart(2, '0'));

export function fromDayNumber(days: number): string {
  if (Number.isInteger(days) && days >= FAST_FIRST_DAY && days <= FAST_LAST_DAY) {
    // H. Hinnant's civil_from_days, as Date does it for these years.
    const z = days + 719_468;
    const era = Math.floor(z / 146_097);
    const doe = z - era * 146_097;
    const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365);
    const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
    const mp = Math.floor((5 * doy + 2) / 153);
    const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
    const month = mp < 10 ? mp + 3 : mp - 9;
    const year = yoe + era * 400 + (month <= 2 ? 1 : 0);
    return `${year >= 1000 ? String(year) : String(year).padStart(4, '0')}-${TWO_DIGITS[month]!}-${TWO_DIGITS[day]!}`;
  }
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
