import type { Span } from './finding.js';
import { NOT_AMOUNT_END, NOT_AMOUNT_START, NUMBER_END, NUMBER_START } from './normalize.js';
import { isUnifiedSocialCreditCode } from './official-numbers.js';

/*
 * Payment card numbers: 16–19 digits starting with 3, 4, 5 or 6 (JCB, Visa, Mastercard and
 * most domestic debit cards, UnionPay 62), Luhn-valid; written without separators or in
 * groups of four separated by single spaces or dashes. An all-digit 18-character run that is
 * a valid unified social credit code is left alone: all-digit codes of social organizations
 * (51…, 52…, 53…) fill 民政 disclosure lists and one in ten is Luhn-valid, while 18-digit
 * cards are rare and only about one in a hundred of them also passes the USCC checks.
 */

const CONTIGUOUS = new RegExp(`${NUMBER_START}${NOT_AMOUNT_START}[3-6]\\d{15,18}${NUMBER_END}${NOT_AMOUNT_END}`, 'g');
const GROUPED = new RegExp(
  `${NUMBER_START}${NOT_AMOUNT_START}(?<!\\d[ -])[3-6]\\d{3}([ -])\\d{4}\\1\\d{4}\\1\\d{4}(?:\\1\\d{1,3})?(?![ -]\\d)${NUMBER_END}${NOT_AMOUNT_END}`,
  'g',
);

/** Luhn (mod 10) check over a string of digits. */
export function isLuhnValid(digits: string): boolean {
  if (!/^\d+$/.test(digits)) return false;
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let digit = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  return sum % 10 === 0;
}

/** The digit that makes `partial` + digit Luhn-valid. */
export function luhnCheckDigit(partial: string): string {
  for (let digit = 0; digit <= 9; digit++) if (isLuhnValid(`${partial}${digit}`)) return String(digit);
  throw new RangeError(`不是数字串：${partial}`);
}

function isBankCardNumber(digits: string): boolean {
  if (digits.length < 16 || digits.length > 19 || !isLuhnValid(digits)) return false;
  return !(digits.length === 18 && isUnifiedSocialCreditCode(digits));
}

/** Card numbers in half-width `text` (see toHalfWidth). */
export function findBankCards(text: string): Span[] {
  const spans: Span[] = [];
  for (const pattern of [CONTIGUOUS, GROUPED]) {
    for (const match of text.matchAll(pattern)) {
      if (isBankCardNumber(match[0].replace(/[ -]/g, ''))) {
        spans.push({ type: 'bank_card', start: match.index, end: match.index + match[0].length });
      }
    }
  }
  return spans;
}
