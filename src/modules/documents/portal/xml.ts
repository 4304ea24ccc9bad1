/*
 * A small XML writer for the feeds and the sitemap. No library: the three formats need a dozen
 * elements, and the one thing that matters — escaping — is five characters plus dropping the
 * code points XML 1.0 forbids (control characters, lone surrogates, U+FFFE/U+FFFF), which a text
 * imported from an old CMS can carry and which would make the whole feed unparseable.
 */

const NOT_XML_CHAR = /[^\t\n\r\x20-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;
const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };

/** Text or an attribute value, safe anywhere in an XML document. */
export const escapeXml = (text: string): string => text.replace(NOT_XML_CHAR, '').replace(/[&<>"']/g, (c) => ENTITIES[c]!);

/** Text for JSON or plain output: the same characters dropped (JSON.stringify does the escaping). */
export const cleanText = (text: string): string => text.replace(NOT_XML_CHAR, '');

export type Attributes = Record<string, string | undefined>;

const attrs = (a: Attributes = {}): string =>
  Object.entries(a)
    .filter((e): e is [string, string] => e[1] !== undefined)
    .map(([k, v]) => ` ${k}="${escapeXml(v)}"`)
    .join('');

/** An element holding text (escaped here). */
export const textElement = (name: string, text: string, a?: Attributes): string => `<${name}${attrs(a)}>${escapeXml(text)}</${name}>`;

/** An element holding already-written XML. */
export const element = (name: string, children: string[], a?: Attributes): string => `<${name}${attrs(a)}>${children.join('')}</${name}>`;

export const emptyElement = (name: string, a?: Attributes): string => `<${name}${attrs(a)}/>`;

export const XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>\n';
