import type { FastifyInstance } from 'fastify';
import { requirePublicUser } from '../../app/guards.js';
import type { Services } from '../../app/services.js';
import type { Queryable } from '../../platform/db/database.js';
import { spacePage } from '../space/space.routes.js';
import { documentTypes, type DocumentType } from './documents.vocabulary.js';
import { documentUrl } from './publication.js';

/** 定向公开: published documents disclosed to this account by name, newest first. */
export async function targetedDocumentsFor(db: Queryable, accountId: number) {
  return db
    .selectFrom('document_recipients')
    .innerJoin('documents', 'documents.id', 'document_recipients.document_id')
    .select(['documents.id', 'documents.title', 'documents.type', 'documents.doc_number', 'documents.published_at'])
    .where('document_recipients.account_id', '=', accountId)
    .where('documents.status', '=', 'published')
    .where('documents.targeted', '=', 1)
    .orderBy('documents.published_at', 'desc')
    .limit(200)
    .execute();
}

export function documentSpaceRoutes(app: FastifyInstance, services: Services) {
  app.get('/space/documents', async (request, reply) => {
    const viewer = requirePublicUser(request);
    const docs = await targetedDocumentsFor(services.database.db, viewer.id);
    return reply.page(spacePage(request, '定向公开文件', (
      <>
        <h1>定向公开文件</h1>
        <p class="lede">以下文件仅向您（或您的单位）定向公开，请勿转发给无关人员。</p>
        {docs.length === 0 ? <p class="empty">暂无定向公开给您的文件。</p> : (
          <table class="data">
            <thead><tr><th>标题</th><th>类别</th><th>文号</th><th>发布日期</th></tr></thead>
            <tbody>
              {docs.map((d) => (
                <tr key={d.id}>
                  <td><a href={documentUrl(d.id)}>{d.title}</a></td>
                  <td>{documentTypes[d.type as DocumentType] ?? d.type}</td>
                  <td>{d.doc_number ?? '—'}</td>
                  <td>{d.published_at ? new Date(Date.parse(d.published_at) + 8 * 3_600_000).toISOString().slice(0, 10) : '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </>
    )));
  });
}
