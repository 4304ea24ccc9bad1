import type { FastifyInstance } from 'fastify';
import type { ComponentChildren } from 'preact';
import { portalPage } from '../../app/portal-page.js';
import type { Services } from '../../app/services.js';
import { cachePublicly } from '../../platform/http/caching.js';
import { notFound } from '../../platform/http/errors.js';
import { documentsByIds, type DocumentRow } from '../documents/documents.store.js';
import { documentTypes, interpretationForms, type DocumentType, type InterpretationForm } from '../documents/documents.vocabulary.js';
import * as store from './collections.store.js';
import { shanghaiDate, ValidityBadge } from './collections.views.js';
import { isPublicDocument } from './document-access.js';

/** Plain text with its web addresses made into links; everything else stays escaped text. */
function linkify(text: string): ComponentChildren[] {
  return text.split(/(https?:\/\/[^\s<>"'，。；、）)】]+|(?<![\w/.])\/(?:documents|topics)\/[A-Za-z0-9-]+)/g).map((part, i) =>
    i % 2 === 1 ? <a key={i} href={part}>{part}</a> : part,
  );
}

function DocumentList(props: { docs: DocumentRow[]; policies: boolean }) {
  return (
    <ul class="topic-documents">
      {props.docs.map((d) => (
        <li key={d.id}>
          <a href={`/documents/${d.id}`}>{d.title}</a>{' '}
          {props.policies ? <ValidityBadge validity={d.validity} /> : d.interpretation_form ? <span class="tag">{interpretationForms[d.interpretation_form as InterpretationForm] ?? d.interpretation_form}</span> : null}
          <span class="meta">
            {' '}{props.policies ? (documentTypes[d.type as DocumentType] ?? d.type) : '政策解读'}
            {d.doc_number ? ` · ${d.doc_number}` : ''}{d.published_at ? ` · ${shanghaiDate(d.published_at)} 发布` : ''}
          </span>
        </li>
      ))}
    </ul>
  );
}

/** 主题库 on the portal: /topics and /topics/:slug. Only published documents ever appear here. */
export function collectionPortalRoutes(app: FastifyInstance, services: Services) {
  const db = services.database.db;

  app.get('/topics', async (request, reply) => {
    const collections = await store.listCollections(db, request.site.id, { publishedOnly: true });
    cachePublicly(reply);
    return reply.page(portalPage(request, { title: '主题库', crumbs: [{ label: '主题库' }] }, (
      <>
        <h1>主题库</h1>
        <p class="lede">围绕重点工作集中发布相关政策文件、政策解读、常见问题和办事服务。</p>
        {collections.length === 0 ? <p class="empty">暂无主题库。</p> : (
          <ul class="topic-list">
            {collections.map((c) => (
              <li key={c.id}><a href={`/topics/${c.slug}`}>{c.title}</a>{c.summary ? <p class="meta">{c.summary}</p> : null}</li>
            ))}
          </ul>
        )}
      </>
    )));
  });

  app.get<{ Params: { slug: string } }>('/topics/:slug', async (request, reply) => {
    const collection = await store.findCollectionBySlug(db, request.site.id, request.params.slug);
    if (!collection || !collection.published) throw notFound('该主题库');
    const items = await store.listItems(db, [collection.id]);
    const rows = await documentsByIds(db, items.flatMap((i) => (i.document_id === null ? [] : [i.document_id])));
    const visible = new Map(rows.filter((d) => d.site_id === request.site.id && isPublicDocument(d)).map((d) => [d.id, d]));
    const docs = items.flatMap((i) => (i.kind === 'document' && i.document_id !== null && visible.has(i.document_id) ? [visible.get(i.document_id)!] : []));
    const policies = docs.filter((d) => d.type !== 'interpretation');
    const interpretations = docs.filter((d) => d.type === 'interpretation');
    const faqs = items.filter((i) => i.kind === 'faq');
    const links = items.filter((i) => i.kind === 'link');
    cachePublicly(reply);
    return reply.page(portalPage(request, { title: collection.title, crumbs: [{ label: '主题库', href: '/topics' }, { label: collection.title }] }, (
      <article class="topic">
        <h1>{collection.title}</h1>
        {collection.summary ? <p class="lede">{collection.summary}</p> : null}
        {policies.length ? <section aria-labelledby="t-policies"><h2 id="t-policies">政策文件</h2><DocumentList docs={policies} policies /></section> : null}
        {interpretations.length ? <section aria-labelledby="t-interpretations"><h2 id="t-interpretations">政策解读</h2><DocumentList docs={interpretations} policies={false} /></section> : null}
        {faqs.length ? (
          <section aria-labelledby="t-faq">
            <h2 id="t-faq">常见问题</h2>
            {faqs.map((f) => (
              <details key={f.id} class="faq">
                <summary>{f.title}</summary>
                {f.body.split(/\r?\n/).filter((line) => line.trim()).map((line, i) => <p key={i}>{linkify(line)}</p>)}
              </details>
            ))}
          </section>
        ) : null}
        {links.length ? (
          <section aria-labelledby="t-services">
            <h2 id="t-services">办事服务</h2>
            <ul class="topic-services">{links.map((l) => <li key={l.id}><a href={l.url}>{l.title}</a></li>)}</ul>
          </section>
        ) : null}
        {docs.length + faqs.length + links.length === 0 ? <p class="empty">该主题库暂无公开内容。</p> : null}
        <p class="meta">更新日期：{shanghaiDate(collection.updated_at)}</p>
      </article>
    )));
  });
}
