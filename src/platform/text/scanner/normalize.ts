/*
 * Detection runs on a normalized copy of the text in which every change replaces one UTF-16
 * code unit by exactly one other, so an offset in the copy is the same offset in the original.
 */

/**
 * Full-width ASCII (０-９, Ｘ, ＠, （ …) becomes half-width, the ideographic and no-break
 * spaces become a plain space and hyphen look-alikes become '-'. Length is preserved.
 */
export function toHalfWidth(text: string): string {
  return text.replace(/[\uff01-\uff5e\u3000\u00a0\u2010-\u2013\u2212]/g, (ch) => {
    const code = ch.charCodeAt(0);
    if (code >= 0xff01) return String.fromCharCode(code - 0xfee0);
    return code === 0x3000 || code === 0x00a0 ? ' ' : '-';
  });
}

/** ASCII-only lower case (full Unicode lower-casing can change the length). */
export function lowerAscii(text: string): string {
  return text.replace(/[A-Z]+/g, (run) => run.toLowerCase());
}

/** The form in which sensitive terms are compared: half-width, Latin in lower case. */
export function toMatchForm(text: string): string {
  return lowerAscii(toHalfWidth(text));
}

/*
 * Regex fragments shared by the numeric detectors. A number must stand alone: no digit right
 * before or after it and no decimal point joining it to more digits. Commas need no rule: the
 * runs detected are 11+ digits, never a 1–3-digit thousands group, and "，" (which becomes ",")
 * separates list items.
 */
export const NUMBER_START = String.raw`(?<!\d)(?<!\d\.)`;
export const NUMBER_END = String.raw`(?!\d)(?!\.\d)`;

/*
 * For mobiles and cards: not an amount, i.e. no currency sign before and no 元/万元/亿元 after
 * (元旦 and 元宵 are words, not units). Identity numbers skip this rule: no amount has a valid
 * check character and birth date, while a name after the number (万, 元 are surnames) does occur.
 */
export const NOT_AMOUNT_START = String.raw`(?<![¥￥$][ \t]?)`;
export const NOT_AMOUNT_END = String.raw`(?![ \t]?(?:元(?![旦宵])|万元|亿元|美元|港元|欧元))`;
