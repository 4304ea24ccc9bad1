import type { Criterion } from '../notify-event.js';
import { criteria } from '../subscriptions.vocabulary.js';

/** /subscribe with the criterion prefilled (signed-in visitors are sent on to 我的订阅). */
export const subscribeHref = (criterion: Criterion, value: string) => `/subscribe?${new URLSearchParams({ criterion, value }).toString()}`;

/** Under a document: subscribe to more like it — its theme, issuing organs and audience tags. */
export function DocumentSubscribeLinks(props: { theme: string | null; issuers: string[]; tags: string[] }) {
  const links: { criterion: Criterion; value: string }[] = [
    ...(props.theme ? [{ criterion: 'theme' as const, value: props.theme }] : []),
    ...props.issuers.map((value) => ({ criterion: 'issuer' as const, value })),
    ...props.tags.map((value) => ({ criterion: 'tag' as const, value })),
  ];
  if (links.length === 0) return null;
  return (
    <section class="panel subscribe-links" aria-labelledby="doc-subscribe-title">
      <h2 id="doc-subscribe-title">订阅</h2>
      <p>有同类新文件发布时通知我：</p>
      <ul>
        {links.map((l) => (
          <li key={`${l.criterion}:${l.value}`}><a href={subscribeHref(l.criterion, l.value)}>订阅{criteria[l.criterion]}「{l.value}」</a></li>
        ))}
      </ul>
    </section>
  );
}

/** On a list filtered by theme (or type): one link to subscribe to it. */
export function ListSubscribeLink(props: { theme?: unknown; type?: unknown; typeLabel?: string }) {
  const theme = typeof props.theme === 'string' && props.theme ? props.theme : undefined;
  const type = typeof props.type === 'string' && props.type ? props.type : undefined;
  if (theme) return <p class="meta"><a href={subscribeHref('theme', theme)}>订阅主题「{theme}」的新文件（邮件、站内消息或短信）</a></p>;
  if (type) return <p class="meta"><a href={subscribeHref('type', type)}>订阅{props.typeLabel ?? '该类'}新文件（邮件、站内消息或短信）</a></p>;
  return <p class="meta"><a href="/subscribe">按主题、标签、发文机关或关键词订阅新文件</a></p>;
}
