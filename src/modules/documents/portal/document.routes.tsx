import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Services } from '../../../app/services.js';
import { notFound } from '../../../platform/http/errors.js';
import { parseId } from '../../../platform/http/ids.js';
import { contentDisposition, openAttachmentFile } from '../attachments.service.js';
import { findAttachment } from '../attachments.store.js';
import { findDocument } from '../documents.store.js';
import { cacheLibraryPage, noStore, pageCacheFor, sendPage, toPage, type Page, type Rendered } from './cache.js';
import { loadDocumentPage, visibilityOf } from './document-data.js';
import { documentHref, DocumentView, WithdrawnView } from './document.views.js';
import { typeLabel } from './format.js';
import { publicViewerId, renderLibraryPage } from './frame.js';
import { columnOfType } from './sections.js';

/** /documents/:id and its attachments: public documents for everyone, 定向公开 ones for their recipients only. */
export function documentPageRoutes(app: FastifyInstance, services: Services) {
  const db = services.database.db;
  const cache = pageCacheFor(services);

  async function render(request: FastifyRequest, id: number, viewerId: number | null): Promise<(Rendered & { private: boolean }) | undefined> {
    const doc = await findDocument(db, id);
    const visibility = await visibilityOf(db, doc, request.site.id, viewerId);
    if (!doc || !visibility) return undefined;
    const page = await loadDocumentPage(db, doc, !visibility.withdrawn);
    if (!page) return undefined;
    const crumbs = [{ label: '政策文件库', href: '/documents' }, { label: typeLabel(doc.type), href: `/documents?type=${doc.type}` }, { label: page.title }];
    const html = renderLibraryPage(
      request,
      { title: page.title, path: documentHref(id), crumbs, activeColumn: columnOfType(request.site.columns, doc.type) },
      visibility.withdrawn ? <WithdrawnView page={page} /> : <DocumentView page={page} targeted={visibility.private} />,
    );
    // 410 Gone: the page existed and was withdrawn on purpose; search engines drop it.
    return { status: visibility.withdrawn ? 410 : 200, html, private: visibility.private };
  }

  app.get<{ Params: { id: string } }>('/documents/:id', async (request, reply) => {
    const id = parseId(request.params.id);
    if (id === undefined) throw notFound('该文件');
    const viewerId = publicViewerId(request);
    let page: Page | undefined;
    if (viewerId === null) {
      page = await cache.get(request.site, `document:${id}`, () => render(request, id, null));
      cacheLibraryPage(reply);
    } else {
      // A signed-in member of the public: the page may be a 定向公开 one addressed to them.
      const rendered = await render(request, id, viewerId);
      page = rendered && toPage(rendered);
      if (rendered?.private) noStore(reply);
      else cacheLibraryPage(reply);
    }
    if (!page) throw notFound('该文件');
    return sendPage(request, reply, page);
  });

  app.get<{ Params: { id: string; aid: string } }>('/documents/:id/attachments/:aid', async (request, reply) => {
    const id = parseId(request.params.id);
    const attachmentId = parseId(request.params.aid);
    if (id === undefined || attachmentId === undefined) throw notFound('该附件');
    const visibility = await visibilityOf(db, await findDocument(db, id), request.site.id, publicViewerId(request));
    if (!visibility || visibility.withdrawn) throw notFound('该附件');
    const row = await findAttachment(db, id, attachmentId);
    if (!row) throw notFound('该附件');
    if (visibility.private) noStore(reply);
    else cacheLibraryPage(reply);
    // The stored file is content-addressed: its SHA-256 is a strong validator.
    const etag = `"${row.sha256}"`;
    reply.header('etag', etag);
    const ifNoneMatch = request.headers['if-none-match'];
    if (!visibility.private && ifNoneMatch && ifNoneMatch.split(',').some((t) => t.trim().replace(/^W\//, '') === etag)) return reply.code(304).send();
    const file = await openAttachmentFile(services.config.dataDir, row);
    if (!file) {
      request.log.error({ documentId: id, attachmentId, storageKey: row.storage_key }, 'attachment file missing on disk');
      throw notFound('该附件');
    }
    reply.header('content-type', row.content_type);
    reply.header('content-length', String(file.size));
    reply.header('content-disposition', contentDisposition(row.filename));
    return reply.send(file.stream);
  });
}
