import type { Span } from './finding.js';
import { NUMBER_END, NUMBER_START } from './normalize.js';

/*
 * Resident identity numbers (GB 11643-1999): 6-digit region code, 8-digit birth date,
 * 3-digit sequence, check character. Written without separators or grouped 6-8-4 with single
 * spaces. The 15-digit first-generation numbers are not detected: they carry no check digit
 * (so any 15-digit serial would match) and those cards have been invalid since 2013.
 */

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
const CHECK_CHARS = '10X98765432';
const ID_PATTERN = new RegExp(`${NUMBER_START}\\d{6}( ?)\\d{8}\\1\\d{3}[\\dXx]${NUMBER_END}`, 'g');

/** The check character for the first 17 digits. */
export function idCheckChar(first17: string): string {
  if (!/^\d{17}$/.test(first17)) throw new RangeError(`需要 17 位数字：${first17}`);
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i]!;
  return CHECK_CHARS[sum % 11]!;
}

/** YYYYMMDD of `now` in China Standard Time (UTC+8, no daylight saving). */
export function chinaDateKey(now: Date): string {
  return new Date(now.getTime() + 8 * 3_600_000).toISOString().slice(0, 10).replace(/-/g, '');
}

function isPlausibleBirthDate(yyyymmdd: string, today: string): boolean {
  const year = Number(yyyymmdd.slice(0, 4));
  const month = Number(yyyymmdd.slice(4, 6));
  const day = Number(yyyymmdd.slice(6, 8));
  if (year < 1900 || yyyymmdd > today || month < 1 || month > 12 || day < 1) return false;
  return day <= new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/**
 * True for an 18-character identity number (half-width, no separators) whose region code
 * starts with 1–8, whose birth date is a real day from 1900 up to `today` (YYYYMMDD) and whose
 * check character (X or x for 10) matches.
 */
export function isValidIdNumber(id: string, today: string): boolean {
  if (!/^[1-8]\d{16}[\dXx]$/.test(id)) return false;
  if (!isPlausibleBirthDate(id.slice(6, 14), today)) return false;
  return idCheckChar(id.slice(0, 17)) === id[17]!.toUpperCase();
}

/** Identity numbers in half-width `text` (see toHalfWidth). */
export function findIdCards(text: string, today: string): Span[] {
  const spans: Span[] = [];
  for (const match of text.matchAll(ID_PATTERN)) {
    if (isValidIdNumber(match[0].replace(/ /g, ''), today)) {
      spans.push({ type: 'id_card', start: match.index, end: match.index + match[0].length });
    }
  }
  return spans;
}
