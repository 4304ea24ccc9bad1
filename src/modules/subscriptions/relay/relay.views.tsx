import type { RelayContent } from './relay-content.js';

/** The package as HTML: the public page and the console preview show the same thing. */

const Paras = (props: { text: string }) => <>{props.text.split(/\n+/).filter((t) => t.trim()).map((t, i) => <p key={i}>{t}</p>)}</>;

export const relayDownloadHref = (id: number, format: 'docx' | 'pdf') => `/relay/${id}/package.${format}`;

export function RelayContentView(props: { content: RelayContent; id?: number }) {
  const { content, id } = props;
  const p = content.policy;
  return (
    <article class="relay-package">
      <h1>{content.title}</h1>
      <p class="meta">政策知识点 · {content.siteName}{content.publishedOn ? ` · ${content.publishedOn} 发布` : ''}</p>
      {id ? (
        <p class="actions">
          <a class="button" href={relayDownloadHref(id, 'docx')} download>下载 Word 版（.docx）</a>{' '}
          <a class="button button-secondary" href={relayDownloadHref(id, 'pdf')} download>下载 PDF 版</a>
        </p>
      ) : null}
      <section aria-labelledby="relay-policy">
        <h2 id="relay-policy">一、政策原文</h2>
        <p><a href={p.path}><strong>《{p.title}》</strong></a>{p.docNumber ? `（${p.docNumber}）` : ''}</p>
        <p class="meta">发文机关：{p.issuers.join('、') || '—'} · 发布日期：{p.publishedOn}</p>
        <Paras text={p.summary} />
        <p><a href={p.path}>阅读原文全文</a></p>
      </section>
      <section aria-labelledby="relay-interpretations">
        <h2 id="relay-interpretations">二、政策解读</h2>
        {content.interpretations.length === 0 ? <p class="empty">本政策暂无公开的解读。</p> : content.interpretations.map((i) => (
          <div key={i.id}>
            <h3><a href={i.path}>{i.title}</a></h3>
            <p class="meta">{i.publishedOn}</p>
            <Paras text={i.text} />
            {i.truncated ? <p><a href={i.path}>阅读解读全文</a></p> : null}
          </div>
        ))}
      </section>
      <section aria-labelledby="relay-faq">
        <h2 id="relay-faq">三、常见问答</h2>
        <dl class="faq">
          {content.faq.map((item, n) => (
            <div key={n}>
              <dt>问：{item.q}</dt>
              <dd><Paras text={`答：${item.a}`} /></dd>
            </div>
          ))}
        </dl>
      </section>
      <section aria-labelledby="relay-script">
        <h2 id="relay-script">四、宣传口径</h2>
        <Paras text={content.script} />
      </section>
    </article>
  );
}
