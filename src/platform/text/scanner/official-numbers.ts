/*
 * Official identifiers that look like personal numbers and must not be reported as such.
 * 统一社会信用代码 (GB 32100-2015): registration authority + organization type, 6-digit region
 * code, 9-character organization code, check character over a 31-character alphabet.
 */

const USCC_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28] as const;
const USCC_PATTERN = /^[1-9ANY][1-9]\d{6}[0-9A-HJ-NPQRTUWXY]{9}[0-9A-HJ-NPQRTUWXY]$/;
/** First two digits of a real region code: 10 (central), the provinces, HK, Macao. */
const PROVINCE_PREFIX = /^(?:10|1[1-5]|2[1-3]|3[1-7]|4[1-6]|5[0-4]|6[1-5]|71|8[12])$/;

/** The check character for the first 17 characters of a unified social credit code. */
export function usccCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const value = USCC_ALPHABET.indexOf(first17[i] ?? '');
    if (value < 0) throw new RangeError(`不是统一社会信用代码字符：${first17}`);
    sum += value * USCC_WEIGHTS[i]!;
  }
  return USCC_ALPHABET[(31 - (sum % 31)) % 31]!;
}

/**
 * True for a well-formed 18-character unified social credit code (upper case): known
 * province in the region code and a valid check character.
 */
export function isUnifiedSocialCreditCode(code: string): boolean {
  return USCC_PATTERN.test(code) && PROVINCE_PREFIX.test(code.slice(2, 4)) && usccCheckChar(code.slice(0, 17)) === code[17];
}
