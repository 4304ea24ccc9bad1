import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { portalPage } from '../../../app/portal-page.js';
import type { Services } from '../../../app/services.js';
import { cachePublicly } from '../../../platform/http/caching.js';
import { notFound } from '../../../platform/http/errors.js';
import { parseId } from '../../../platform/http/ids.js';
import { siteBase } from '../../documents/portal/feeds.routes.js';
import { parseContent, type RelayContent } from './relay-content.js';
import { DOCX_CONTENT_TYPE, relayDocx } from './relay-docx.js';
import { PDF_CONTENT_TYPE, relayPdf } from './relay-pdf.js';
import * as store from './relay.store.js';
import { RelayContentView } from './relay.views.js';

/*
 * The public face of a published package: /relay/:id and its .docx and .pdf. Drafts do not exist
 * here. A published package never changes (its content is frozen), so the files are made on
 * first request from that content and kept in a small in-process cache.
 */

const FILE_CACHE_SIZE = 32;

export function relayPublicRoutes(app: FastifyInstance, services: Services) {
  const db = services.database.db;
  const files = new Map<string, Buffer>();

  async function published(request: FastifyRequest<{ Params: { id: string } }>): Promise<{ id: number; content: RelayContent; publishedAt: string }> {
    const id = parseId(request.params.id);
    const pkg = id ? await store.findPackage(db, request.site.id, id) : undefined;
    const content = pkg?.status === 'published' ? parseContent(pkg.content) : null;
    if (!pkg || !content) throw notFound('该政策知识点');
    return { id: pkg.id, content, publishedAt: pkg.published_at ?? '' };
  }

  async function sendFile(request: FastifyRequest<{ Params: { id: string } }>, reply: FastifyReply, format: 'docx' | 'pdf') {
    const { id, content, publishedAt } = await published(request);
    const base = siteBase(services, request);
    const key = `${request.site.id}:${id}:${format}:${base}`;
    let bytes = files.get(key);
    if (!bytes) {
      bytes = format === 'docx' ? await relayDocx(content, base) : await relayPdf(content, base);
      if (files.size >= FILE_CACHE_SIZE) files.delete(files.keys().next().value!);
      files.set(key, bytes);
    }
    cachePublicly(reply, 300);
    const etag = `"relay-${id}-${format}-${Date.parse(publishedAt)}"`;
    reply.header('etag', etag);
    if (request.headers['if-none-match']?.split(',').some((t) => t.trim().replace(/^W\//, '') === etag)) return reply.code(304).send();
    const filename = `${content.title}.${format}`;
    reply.header('content-type', format === 'docx' ? DOCX_CONTENT_TYPE : PDF_CONTENT_TYPE);
    reply.header('content-disposition', `attachment; filename="relay-${id}.${format}"; filename*=UTF-8''${encodeURIComponent(filename)}`);
    return reply.send(bytes);
  }

  app.get<{ Params: { id: string } }>('/relay/:id', async (request, reply) => {
    const { id, content } = await published(request);
    cachePublicly(reply, 60);
    return reply.page(portalPage(request, { title: content.title, crumbs: [{ label: '政策知识点' }, { label: content.title }] }, (
      <>
        <RelayContentView content={content} id={id} />
        <p class="hint">协会、商会、园区、法律服务机构、居村委等转发点转发后，请在<a href="/space/relay">企业专属空间 · 政策知识点</a>登记转发情况。</p>
      </>
    )));
  });

  app.get<{ Params: { id: string } }>('/relay/:id/package.docx', (request, reply) => sendFile(request, reply, 'docx'));
  app.get<{ Params: { id: string } }>('/relay/:id/package.pdf', (request, reply) => sendFile(request, reply, 'pdf'));
}
