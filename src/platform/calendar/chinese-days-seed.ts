import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { isPlainDate, yearOf } from './plain-date.js';
import type { CalendarDayInput } from './working-days.js';

/*
 * Seed data from the `chinese-days` package. Its JSON file is read directly instead of
 * calling its functions: those parse dates as UTC but format them in local time, and the
 * JSON is the plain list of official arrangements (values look like "National Day,国庆节,3").
 */

export interface ChineseDaysSeed {
  years: number[];
  days: CalendarDayInput[];
}

interface ChineseDaysJson {
  holidays: Record<string, string>;
  workdays: Record<string, string>;
}

export function chineseDaysDataFile(): string {
  return createRequire(import.meta.url).resolve('chinese-days/dist/chinese-days.json');
}

export function loadChineseDaysJson(file = chineseDaysDataFile()): ChineseDaysJson {
  const data = JSON.parse(readFileSync(file, 'utf8')) as Partial<ChineseDaysJson>;
  if (!isStringRecord(data.holidays) || !isStringRecord(data.workdays)) {
    throw new Error(`chinese-days 数据格式已变化，无法读取节假日：${file}`);
  }
  return { holidays: data.holidays, workdays: data.workdays };
}

/** Rows for every year the package carries, sorted by date; a year counts as carried if it has any holiday. */
export function buildChineseDaysSeed(data: ChineseDaysJson = loadChineseDaysJson()): ChineseDaysSeed {
  const days: CalendarDayInput[] = [];
  const add = (entries: Record<string, string>, kind: CalendarDayInput['kind']) => {
    for (const [date, label] of Object.entries(entries)) {
      if (!isPlainDate(date)) throw new Error(`chinese-days 中的日期无效：${date}`);
      days.push({ date, kind, name: chineseName(label) });
    }
  };
  add(data.holidays, 'holiday');
  add(data.workdays, 'workday');
  days.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  for (let i = 1; i < days.length; i++) {
    if (days[i]?.date === days[i - 1]?.date) throw new Error(`chinese-days 中 ${days[i]?.date} 同时是放假日和调休上班日`);
  }
  const years = [...new Set(Object.keys(data.holidays).map(yearOf))].sort((a, b) => a - b);
  return { years, days };
}

/** "Mid-autumn Festival,中秋,1" → 中秋 (the English part could itself contain commas). */
function chineseName(label: string): string {
  const parts = label.split(',');
  const name = parts.length >= 3 ? parts[parts.length - 2] : parts[parts.length - 1];
  return name?.trim() || label;
}

function isStringRecord(value: unknown): value is Record<string, string> {
  return typeof value === 'object' && value !== null && Object.values(value).every((v) => typeof v === 'string');
}

/** The installed package version, recorded on the seeded years so it is clear where they came from. */
export function chineseDaysVersion(): string {
  const file = createRequire(import.meta.url).resolve('chinese-days/package.json');
  const pkg = JSON.parse(readFileSync(file, 'utf8')) as { version?: unknown };
  return typeof pkg.version === 'string' ? pkg.version : '未知版本';
}
