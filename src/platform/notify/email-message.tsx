import { renderToString } from 'preact-render-to-string';
import type { OutgoingNotice } from './channel.js';

/*
 * The e-mail a notice becomes: a subject, a plain-text part and an HTML part saying the same.
 * HTML is rendered by Preact, which escapes every text and attribute; only http(s) links are
 * ever placed in an href.
 */

export interface RenderedEmail {
  subject: string;
  text: string;
  html: string;
}

const reasons: Record<string, string> = {
  publication: '您在本站订阅了相关政策，有符合订阅条件的文件发布时会通知您。',
  push: '本站根据您账号资料中的行业、规模、区域等标签，向您定向推送与您相关的政策（精准推送）。',
  relay: '贵机构订阅了本站的政策知识点，以便向服务对象转发政策。',
  digest: '这是您按订阅频率收到的政策摘要。',
};

export const whyYouGetThis = (category: string) => reasons[category] ?? reasons.publication!;

const safeHref = (url: string) => (/^https?:\/\//i.test(url) ? url : undefined);

export function renderNoticeEmail(notice: OutgoingNotice): RenderedEmail {
  const items = notice.items ?? [];
  const isDigest = items.length > 0;
  const subject = isDigest ? `${notice.siteName}：政策订阅摘要（${items.length} 条）` : `${notice.siteName}：${notice.title}`;
  const why = whyYouGetThis(isDigest ? 'digest' : notice.category);

  const text = [
    isDigest ? `${notice.title || '政策订阅摘要'}` : notice.title,
    '',
    ...(isDigest
      ? items.flatMap((item, i) => [`${i + 1}. ${item.title}`, ...(item.summary ? [`   ${item.summary}`] : []), `   ${item.url}`, ''])
      : [...(notice.summary ? [notice.summary, ''] : []), `查看全文：${notice.url}`, '']),
    '——',
    `${notice.siteName}`,
    why,
    ...(notice.unsubscribeUrl ? [`退订：${notice.unsubscribeUrl}`] : []),
  ].join('\n');

  const html = `<!DOCTYPE html>${renderToString(
    <html lang="zh-CN">
      <head><meta charset="utf-8" /><title>{subject}</title></head>
      <body style="font-family: sans-serif; line-height: 1.6; color: #1a1a1a;">
        <p style="color:#555;">{notice.siteName}</p>
        <h1 style="font-size: 1.25em;">{isDigest ? notice.title || '政策订阅摘要' : notice.title}</h1>
        {isDigest ? (
          <ol>
            {items.map((item, i) => (
              <li key={i}>
                <a href={safeHref(item.url)}>{item.title}</a>
                {item.summary ? <p style="margin: .25em 0 1em;">{item.summary}</p> : null}
              </li>
            ))}
          </ol>
        ) : (
          <>
            {notice.summary ? <p>{notice.summary}</p> : null}
            <p><a href={safeHref(notice.url)}>查看全文</a></p>
          </>
        )}
        <hr />
        <p style="color:#555; font-size: .875em;">{why}</p>
        {notice.unsubscribeUrl ? <p style="font-size: .875em;"><a href={safeHref(notice.unsubscribeUrl)}>退订</a></p> : null}
      </body>
    </html>,
  )}`;
  return { subject, text, html };
}
