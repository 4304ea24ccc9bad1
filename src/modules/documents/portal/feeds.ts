import { documentHref } from './document.views.js';
import { issuersOf, typeLabel } from './format.js';
import type { FeedRow } from './public-store.js';
import { cleanText, element, emptyElement, textElement, XML_DECLARATION } from './xml.js';

/** RSS 2.0, Atom 1.0 and JSON Feed 1.1 of newly published documents: pure functions of the rows. */

export interface FeedMeta {
  /** Absolute base URL of the site, without a trailing slash. */
  base: string;
  title: string;
  description: string;
  /** Absolute URLs of this feed and of the HTML page it follows. */
  self: string;
  homePage: string;
  author: string;
}

interface Item {
  id: string;
  url: string;
  title: string;
  summary: string;
  published: string;
  updated: string;
  authors: string[];
  categories: string[];
}

const SUMMARY_CHARS = 200;

function items(meta: FeedMeta, rows: FeedRow[]): Item[] {
  return rows.map((r) => {
    const text = r.excerpt.replace(/\s+/g, ' ').trim();
    const excerpt = [...text].length > SUMMARY_CHARS ? `${[...text].slice(0, SUMMARY_CHARS).join('')}…` : text;
    const facts = [r.doc_number, issuersOf(r.issuers).join('、')].filter(Boolean).join('　');
    const url = `${meta.base}${documentHref(r.id)}`;
    const published = new Date(r.published_at ?? r.updated_at).toISOString();
    return {
      id: url,
      url,
      title: cleanText(r.title),
      summary: cleanText(facts ? `${facts}\n${excerpt}` : excerpt),
      published,
      updated: new Date(Math.max(Date.parse(r.updated_at), Date.parse(published))).toISOString(),
      authors: issuersOf(r.issuers),
      categories: [typeLabel(r.type), ...(r.theme ? [r.theme] : [])],
    };
  });
}

const newest = (list: Item[], fallback: string) => list.reduce((max, i) => (i.updated > max ? i.updated : max), list.length ? '' : fallback);

export function rssFeed(meta: FeedMeta, rows: FeedRow[], now = new Date()): string {
  const list = items(meta, rows);
  const channel = [
    textElement('title', meta.title),
    textElement('link', meta.homePage),
    textElement('description', meta.description),
    textElement('language', 'zh-CN'),
    textElement('lastBuildDate', new Date(newest(list, now.toISOString())).toUTCString()),
    textElement('generator', 'Gongkai'),
    emptyElement('atom:link', { href: meta.self, rel: 'self', type: 'application/rss+xml' }),
    ...list.map((i) =>
      element('item', [
        textElement('title', i.title),
        textElement('link', i.url),
        textElement('guid', i.id, { isPermaLink: 'true' }),
        textElement('pubDate', new Date(i.published).toUTCString()),
        textElement('description', i.summary),
        ...i.categories.map((c) => textElement('category', c)),
      ]),
    ),
  ];
  return `${XML_DECLARATION}${element('rss', [element('channel', channel)], { version: '2.0', 'xmlns:atom': 'http://www.w3.org/2005/Atom' })}\n`;
}

export function atomFeed(meta: FeedMeta, rows: FeedRow[], now = new Date()): string {
  const list = items(meta, rows);
  const children = [
    textElement('id', meta.self),
    textElement('title', meta.title),
    textElement('subtitle', meta.description),
    textElement('updated', newest(list, now.toISOString())),
    emptyElement('link', { rel: 'self', type: 'application/atom+xml', href: meta.self }),
    emptyElement('link', { rel: 'alternate', type: 'text/html', href: meta.homePage }),
    element('author', [textElement('name', meta.author)]),
    textElement('generator', 'Gongkai'),
    ...list.map((i) =>
      element('entry', [
        textElement('id', i.id),
        textElement('title', i.title),
        emptyElement('link', { rel: 'alternate', type: 'text/html', href: i.url }),
        textElement('published', i.published),
        textElement('updated', i.updated),
        ...i.authors.map((a) => element('author', [textElement('name', a)])),
        textElement('summary', i.summary),
        ...i.categories.map((c) => emptyElement('category', { term: c })),
      ]),
    ),
  ];
  return `${XML_DECLARATION}${element('feed', children, { xmlns: 'http://www.w3.org/2005/Atom', 'xml:lang': 'zh-CN' })}\n`;
}

export function jsonFeed(meta: FeedMeta, rows: FeedRow[]): string {
  const feed = {
    version: 'https://jsonfeed.org/version/1.1',
    title: meta.title,
    description: meta.description,
    home_page_url: meta.homePage,
    feed_url: meta.self,
    language: 'zh-CN',
    authors: [{ name: meta.author }],
    items: items(meta, rows).map((i) => ({
      id: i.id,
      url: i.url,
      title: i.title,
      content_text: i.summary,
      date_published: i.published,
      date_modified: i.updated,
      authors: i.authors.map((name) => ({ name })),
      tags: i.categories,
    })),
  };
  return `${JSON.stringify(feed, null, 1)}\n`;
}

/** A sitemap (https://www.sitemaps.org/protocol.html) of absolute URLs with optional last-modified dates. */
export function sitemapXml(urls: { loc: string; lastmod?: string }[]): string {
  const body = urls.map((u) => element('url', [textElement('loc', u.loc), ...(u.lastmod ? [textElement('lastmod', u.lastmod)] : [])]));
  return `${XML_DECLARATION}${element('urlset', body, { xmlns: 'http://www.sitemaps.org/schemas/sitemap/0.9' })}\n`;
}

export function sitemapIndexXml(locations: string[]): string {
  const body = locations.map((loc) => element('sitemap', [textElement('loc', loc)]));
  return `${XML_DECLARATION}${element('sitemapindex', body, { xmlns: 'http://www.sitemaps.org/schemas/sitemap/0.9' })}\n`;
}
