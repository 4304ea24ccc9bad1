import type { FastifyInstance } from 'fastify';
import type { Services } from '../../../app/services.js';
import { registerMultipart } from '../../documents/console/multipart.js';
import { applyRoutes } from './apply.routes.js';
import { applicantSpaceRoutes } from './space.routes.js';

/*
 * The applicant's side of 依申请公开 (issue 4, items 1 and 7):
 * - portal: /apply (online application, signed-in public accounts), /apply/received/:id (the
 *   acknowledgement), /apply/guide (依申请公开指南, periods from the case rules);
 * - space: /space/applications (my cases), /space/applications/:id (status, due date and how
 *   it was computed, notices, history, letters), …/:id/correction and …/:id/payment (forms),
 *   …/:id/files/:fid (letters and notices sent to the applicant).
 * Uploads (ID scan, 补正 material, payment receipt) are multipart, parsed only in this scope.
 */
export async function applicantRoutes(app: FastifyInstance, services: Services): Promise<void> {
  await app.register(async (scope) => {
    await registerMultipart(scope);
    applyRoutes(scope, services);
    applicantSpaceRoutes(scope, services);
  });
}

export { storeCaseFile, readCaseFile, checkUpload, MAX_APPLICANT_FILE_BYTES, type CaseFileKind, type CheckedUpload } from './files.js';
