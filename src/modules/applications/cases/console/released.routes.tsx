import type { FastifyInstance, FastifyRequest } from 'fastify';
import { notFound } from '../../../../platform/http/errors.js';
import { parseId } from '../../../../platform/http/ids.js';
import { contentDisposition } from '../../../documents/attachments.service.js';
import { uploadOf } from '../../../documents/console/multipart.js';
import { readCaseFile } from '../../applicant/files.js';
import { staffActor } from '../context.js';
import { addReleased, confirmReleased, releasedFiles, removeReleased } from '../released.service.js';
import { releaseStaffRoles, staffAndCase, viewRoles, type ConsoleContext } from './access.js';
import { renderCase } from './case.routes.js';
import { fields } from './form.js';

/**
 * 随答复提供的公开信息 on the case page: upload (multipart, scanned), replace, confirm
 * "已核查，可以公开" with a reason, remove (before the reply); staff download to check a file.
 * Registered in the case routes' multipart scope (console/index.ts).
 */

type FileParams = { Params: { id: string; fid: string } };

const fileIdOf = (request: FastifyRequest) => {
  const fid = parseId((request.params as Record<string, unknown> | undefined)?.fid);
  if (fid === undefined) throw notFound('该文件');
  return fid;
};

export function releasedRoutes(app: FastifyInstance, ctx: ConsoleContext) {
  const storage = { dataDir: ctx.services.config.dataDir, secret: ctx.services.secret };
  const db = () => ctx.services.database;

  app.post('/console/applications/:id/released', async (request, reply) => {
    const { viewer, c } = await staffAndCase(ctx, request, releaseStaffRoles);
    const outcome = await addReleased(db(), storage, c.id, staffActor(viewer, request.auditActor(), request.site.id), uploadOf(request.body, 'file'));
    if (!outcome.ok) return renderCase(ctx, request, reply, viewer, c, { form: 'released', values: {}, errors: outcome.errors });
    return reply.redirect(`/console/applications/${c.id}?done=released-${outcome.value.status}#released`, 303);
  });

  app.post<FileParams>('/console/applications/:id/released/:fid/replace', async (request, reply) => {
    const { viewer, c } = await staffAndCase(ctx, request, releaseStaffRoles);
    const fid = fileIdOf(request);
    const outcome = await addReleased(db(), storage, c.id, staffActor(viewer, request.auditActor(), request.site.id), uploadOf(request.body, 'file'), { replaces: fid });
    if (!outcome.ok) return renderCase(ctx, request, reply, viewer, c, { form: `released-replace-${fid}`, values: {}, errors: outcome.errors });
    return reply.redirect(`/console/applications/${c.id}?done=released-${outcome.value.status}#released`, 303);
  });

  app.post<FileParams>('/console/applications/:id/released/:fid/confirm', async (request, reply) => {
    const { viewer, c } = await staffAndCase(ctx, request, releaseStaffRoles);
    const fid = fileIdOf(request);
    const values = fields(request.body, ['reason']);
    const outcome = await confirmReleased(db(), c.id, fid, staffActor(viewer, request.auditActor(), request.site.id), values.reason ?? '');
    if (!outcome.ok) return renderCase(ctx, request, reply, viewer, c, { form: `released-confirm-${fid}`, values, errors: outcome.errors });
    return reply.redirect(`/console/applications/${c.id}?done=released-confirm#released`, 303);
  });

  app.post<FileParams>('/console/applications/:id/released/:fid/remove', async (request, reply) => {
    const { viewer, c } = await staffAndCase(ctx, request, releaseStaffRoles);
    const fid = fileIdOf(request);
    const outcome = await removeReleased(db(), storage, c.id, fid, staffActor(viewer, request.auditActor(), request.site.id));
    if (!outcome.ok) return renderCase(ctx, request, reply, viewer, c, { form: 'released', values: {}, errors: outcome.errors });
    return reply.redirect(`/console/applications/${c.id}?done=released-remove#released`, 303);
  });

  /** Anyone who sees the case may open a released record to check it by eye. */
  app.get<FileParams>('/console/applications/:id/released/:fid', async (request, reply) => {
    const { c } = await staffAndCase(ctx, request, viewRoles);
    const fid = fileIdOf(request);
    const row = (await releasedFiles(ctx.services.database.db, c.id)).find((f) => f.id === fid);
    const bytes = row ? await readCaseFile(storage.dataDir, storage.secret, row) : undefined;
    if (!row || !bytes) throw notFound('该文件');
    return reply
      .header('content-type', row.content_type)
      .header('content-disposition', contentDisposition(row.filename))
      .header('x-content-type-options', 'nosniff')
      .header('cache-control', 'private, no-store')
      .send(bytes);
  });
}
