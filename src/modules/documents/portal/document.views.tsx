import { DocumentSubscribeLinks } from '../../subscriptions/subscribe/subscribe-links.js';
import type { DocumentRow } from '../documents.store.js';
import { disclosureAttributes, relationKinds, type DisclosureAttribute } from '../documents.vocabulary.js';
import { successors, type DocumentPage, type LinkedDocument, type RelatedGroup } from './document-data.js';
import { fileKind, formatSize, formLabel, isPolicyType, issuersOf, shanghaiDate, typeLabel, validityLabel } from './format.js';

export const documentHref = (id: number) => `/documents/${id}`;
export const attachmentHref = (documentId: number, attachmentId: number) => `/documents/${documentId}/attachments/${attachmentId}`;

/** 现行有效 green, 已废止 / 已失效 red, 已修改 neutral. */
export function ValidityTag(props: { validity: string }) {
  const tone = props.validity === 'current' ? ' tag-green' : props.validity === 'repealed' || props.validity === 'expired' ? ' tag-red' : '';
  return <span class={`tag validity-${props.validity}${tone}`}>{validityLabel(props.validity)}</span>;
}

function DocLink(props: { doc: LinkedDocument }) {
  const d = props.doc;
  return (
    <>
      <a href={documentHref(d.id)}>{d.title}</a>
      {d.docNumber ? <span class="meta">（{d.docNumber}）</span> : null}
    </>
  );
}

/** "被《A》、《B》" — the documents that amended or repealed this one, as links. */
function By(props: { docs: LinkedDocument[] }) {
  if (props.docs.length === 0) return null;
  return (
    <>
      被
      {props.docs.map((d, i) => (
        <span key={d.id}>{i > 0 ? '、' : ''}《<a href={documentHref(d.id)}>{d.title}</a>》{d.docNumber ? `（${d.docNumber}）` : ''}</span>
      ))}
    </>
  );
}

/** The prominent status line under the title: is this still in force, and since when. */
export function ValidityBanner(props: { page: DocumentPage }) {
  const { doc } = props.page;
  if (!isPolicyType(doc.type) && doc.validity === 'current') return null;
  const changed = doc.validity_changed_on ?? '';
  const since = (changed.length === 10 ? changed : shanghaiDate(changed)) || '—';
  const state = validityLabel(doc.validity);
  let text;
  if (doc.validity === 'current') {
    text = <>本文件现行有效{doc.effective_on ? `，自 ${doc.effective_on} 起施行` : ''}{doc.expires_on ? `，有效期至 ${doc.expires_on}` : ''}。</>;
  } else if (doc.validity === 'amended') {
    text = <>本文件已于 {since} <By docs={successors(props.page, 'amends')} />修改，请结合修改后的规定查阅。</>;
  } else if (doc.validity === 'repealed') {
    text = <>本文件已于 {since} <By docs={successors(props.page, 'repeals')} />废止，不再执行。</>;
  } else if (doc.validity === 'expired') {
    text = <>本文件有效期至 {doc.expires_on ?? '—'}，已于 {changed ? since : (doc.expires_on ?? '—')} 失效，不再执行。</>;
  } else {
    text = <>{state}</>;
  }
  const tone = doc.validity === 'current' ? 'notice-success' : 'notice-warning';
  return (
    <div class={`notice ${tone} validity-banner validity-${doc.validity}`}>
      <p><strong>效力状态：{state}</strong></p>
      <p>{text}</p>
    </div>
  );
}

function disclosureText(doc: DocumentRow): string {
  const attribute = disclosureAttributes[(doc.disclosure ?? 'proactive') as DisclosureAttribute] ?? '主动公开';
  return `${doc.targeted ? '定向公开' : attribute}${doc.disclosure_method ? `（${doc.disclosure_method}）` : ''}`;
}

export function MetadataTable(props: { page: DocumentPage }) {
  const { doc } = props.page;
  const rows: [string, string][] = [
    ['索引号', doc.index_number],
    ['文号', doc.doc_number ?? ''],
    ['发文机关', issuersOf(doc.issuers).join('、')],
    ['信息类别', typeLabel(doc.type) + (doc.type === 'interpretation' && doc.interpretation_form ? `（${formLabel(doc.interpretation_form)}）` : '')],
    ['主题分类', doc.theme ?? ''],
    ['成文日期', doc.written_on ?? ''],
    ['发布日期', shanghaiDate(doc.published_at)],
    ['施行日期', doc.effective_on ?? ''],
    ['有效期至', doc.expires_on ?? (isPolicyType(doc.type) ? '长期有效' : '')],
    ['效力状态', validityLabel(doc.validity)],
    ['公开方式', disclosureText(doc)],
  ];
  // 效力状态 and 有效期 matter for policies; for a notice or an interpretation only when unusual.
  const shown = isPolicyType(doc.type) ? rows : rows.filter(([label, value]) => !(label === '效力状态' && doc.validity === 'current') && !(label === '有效期至' && !value));
  return (
    <div class="table-wrap">
      <table class="data document-meta">
        <caption class="visually-hidden">文件信息</caption>
        <tbody>
          {shown.map(([label, value]) => (
            <tr key={label}><th scope="row">{label}</th><td>{value || '—'}</td></tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function Attachments(props: { page: DocumentPage }) {
  const { attachments, doc } = props.page;
  if (attachments.length === 0) return null;
  return (
    <section aria-labelledby="doc-attachments">
      <h2 id="doc-attachments">附件</h2>
      <ul class="attachments">
        {attachments.map((a) => (
          <li key={a.id}>
            <a href={attachmentHref(doc.id, a.id)} download={a.filename}>{a.filename}</a>
            <span class="meta">（{fileKind(a.content_type)}，{formatSize(a.size)}）</span>
          </li>
        ))}
      </ul>
    </section>
  );
}

function Interpretations(props: { page: DocumentPage }) {
  const { interpretations, interprets } = props.page;
  if (interprets) {
    return (
      <section aria-labelledby="doc-interprets">
        <h2 id="doc-interprets">解读的文件</h2>
        <p><DocLink doc={interprets} /> <ValidityTag validity={interprets.validity} /></p>
      </section>
    );
  }
  if (interpretations.length === 0) return null;
  return (
    <section aria-labelledby="doc-interpretations">
      <h2 id="doc-interpretations">政策解读</h2>
      <ul class="interpretations">
        {interpretations.map((i) => (
          <li key={i.id}>
            {i.followUp ? <span class="tag">后续解读</span> : null}
            {i.form ? <span class="tag">{formLabel(i.form)}</span> : null}
            <a href={documentHref(i.id)}>{i.title}</a>
            <span class="meta"> {shanghaiDate(i.publishedAt)}</span>
          </li>
        ))}
      </ul>
    </section>
  );
}

const groupTitles: Record<RelatedGroup['kind'], Record<RelatedGroup['direction'], string>> = {
  basis: { out: '本文件的制定依据', in: `以本文件为${relationKinds.basis}的文件` },
  amends: { out: '本文件修改的文件', in: '修改本文件的文件' },
  repeals: { out: '本文件废止的文件', in: '废止本文件的文件' },
};

function Related(props: { page: DocumentPage }) {
  if (props.page.related.length === 0) return null;
  return (
    <section aria-labelledby="doc-related">
      <h2 id="doc-related">相关文件</h2>
      {props.page.related.map((g) => (
        <div key={`${g.kind}-${g.direction}`} class="related-group">
          <h3>{groupTitles[g.kind][g.direction]}</h3>
          <ul>
            {g.docs.map((d) => (
              <li key={d.id}>
                <DocLink doc={d} /> {isPolicyType(d.type) ? <ValidityTag validity={d.validity} /> : null}
                <span class="meta"> {shanghaiDate(d.publishedAt)}</span>
              </li>
            ))}
          </ul>
        </div>
      ))}
    </section>
  );
}

/** The public page of one document: status first, then the facts, the text and what goes with it. */
export function DocumentView(props: { page: DocumentPage; targeted: boolean }) {
  const { page } = props;
  return (
    <article class="document" aria-labelledby="doc-title">
      <h1 id="doc-title">{page.title}</h1>
      {props.targeted ? <p class="notice" role="note">本文件为定向公开，仅向您等指定对象公开，请勿转发。</p> : null}
      <ValidityBanner page={page} />
      <MetadataTable page={page} />
      <section aria-labelledby="doc-body-title">
        <h2 id="doc-body-title" class="visually-hidden">正文</h2>
        {/* The stored body was sanitized (sanitize-html allow-list) when the version was saved. */}
        <div class="document-body" dangerouslySetInnerHTML={{ __html: page.bodyHtml }} />
      </section>
      <Attachments page={page} />
      <Interpretations page={page} />
      <Related page={page} />
      {props.targeted ? null : <DocumentSubscribeLinks theme={page.doc.theme} issuers={issuersOf(page.doc.issuers)} tags={issuersOf(page.doc.audience_tags)} />}
    </article>
  );
}

export function WithdrawnView(props: { page: DocumentPage }) {
  const { doc } = props.page;
  return (
    <article class="document" aria-labelledby="doc-title">
      <h1 id="doc-title">{props.page.title}</h1>
      <div class="notice notice-warning withdrawn-notice">
        <p><strong>已撤回</strong></p>
        <p>本文件已于 {shanghaiDate(doc.withdrawn_at) || '—'} 撤回，不再公开。</p>
        <p>撤回理由：{doc.withdrawn_reason || '—'}</p>
      </div>
      <p><a href="/documents">查看其他政策文件</a></p>
    </article>
  );
}
