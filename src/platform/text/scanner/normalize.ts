/*
 * Detection runs on a normalized copy of the text in which every change replaces one UTF-16
 * code unit by exactly one other, so an offset in the copy is the same offset in the original.
 */

/**
 * Full-width ASCII (０-９, Ｘ, ＠, （ …) becomes half-width, the ideographic and no-break
 * spaces become a plain space and hyphen look-alikes become '-'. Length is preserved.
 */
export function toHalfWidth(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code >= 0xff01 && code <= 0xff5e) out += String.fromCharCode(code - 0xfee0);
    else if (code === 0x3000 || code === 0x00a0) out += ' ';
    else if ((code >= 0x2010 && code <= 0x2013) || code === 0x2212) out += '-';
    else out += text[i];
  }
  return out;
}

/** toHalfWidth plus ASCII-only lower case (full Unicode lower-casing can change the length). */
export function toMatchForm(text: string): string {
  return toHalfWidth(text).replace(/[A-Z]/g, (ch) => ch.toLowerCase());
}

/*
 * Regex fragments shared by the numeric detectors. A number must stand alone: no digit right
 * before or after it, no decimal point or thousands comma joining it to more digits, and no
 * currency sign or 元/万元/亿元 marking it as an amount.
 */
export const NUMBER_START = String.raw`(?<!\d)(?<!\d[.,])(?<![¥￥$][ \t]?)`;
export const NUMBER_END = String.raw`(?!\d)(?![.,]\d)(?![ \t]?(?:元|圆|万|亿|美元|港元|欧元))`;
