/*
 * HTML to plain text for scanning. Block boundaries and table cells become line breaks and
 * tabs so that text from neighbouring cells never fuses into one long number (a mobile in one
 * <td> and a year in the next would otherwise hide each other); inline tags vanish without a
 * trace, as a number split over <span>s is still one number on the page.
 */

const BLOCK_TAGS =
  'address|article|aside|blockquote|br|caption|dd|div|dl|dt|figcaption|figure|footer|form|h[1-6]|header|hr|li|main|nav|ol|p|pre|section|table|tbody|tfoot|thead|tr|ul';

const NAMED_ENTITIES: Record<string, string> = {
  amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0', ensp: '\u2002', emsp: '\u2003',
  thinsp: '\u2009', middot: '·', mdash: '—', ndash: '–', hellip: '…', ldquo: '“', rdquo: '”',
  lsquo: '‘', rsquo: '’', times: '×', yen: '¥', copy: '©', reg: '®', deg: '°',
};

export function decodeHtmlEntities(text: string): string {
  return text.replace(/&(#[xX][0-9a-fA-F]{1,6}|#\d{1,7}|[a-zA-Z]+);/g, (entity, body: string) => {
    if (body[0] === '#') {
      const code = body[1] === 'x' || body[1] === 'X' ? parseInt(body.slice(2), 16) : parseInt(body.slice(1), 10);
      return code > 0 && code <= 0x10ffff && !(code >= 0xd800 && code <= 0xdfff) ? String.fromCodePoint(code) : entity;
    }
    return NAMED_ENTITIES[body.toLowerCase()] ?? entity;
  });
}

export function htmlToText(html: string): string {
  const text = html
    .replace(/<!--[\s\S]*?-->/g, '')
    .replace(/<(script|style|template|head)\b[\s\S]*?<\/\1\s*>/gi, '')
    .replace(/[ \t\r\n]+/g, ' ')
    .replace(new RegExp(`<\\/?(?:${BLOCK_TAGS})\\b[^>]*>`, 'gi'), '\n')
    .replace(/<\/?(?:td|th)\b[^>]*>/gi, '\t')
    .replace(/<[^>]*>/g, '');
  return decodeHtmlEntities(text)
    .split('\n')
    .map((line) => line.replace(/^[ \t]+|[ \t]+$/g, '').replace(/\t+/g, '\t'))
    .join('\n')
    .replace(/\n{2,}/g, '\n')
    .trim();
}
