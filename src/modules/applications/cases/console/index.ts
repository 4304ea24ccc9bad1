import type { FastifyInstance } from 'fastify';
import type { Services } from '../../../../app/services.js';
import { registerMultipart } from '../../../documents/console/multipart.js';
import type { CaseHooks } from '../context.js';
import type { ConsoleContext } from './access.js';
import { caseRoutes } from './case.routes.js';
import { intakeRoutes } from './intake.routes.js';
import { queueRoutes } from './queue.routes.js';
import { releasedRoutes } from './released.routes.js';

/**
 * The applications console: /console/applications (queue), /console/applications/new (staff
 * intake) and /console/applications/:id (the case, its clock and its action forms, and the
 * released records that go with the reply: …/:id/released/**).
 * `hooks.replied` lets the replies module make the letter inside the reply's transaction.
 */
export async function applicationConsoleRoutes(app: FastifyInstance, services: Services, options: { hooks?: CaseHooks } = {}): Promise<void> {
  const ctx: ConsoleContext = { services, hooks: options.hooks ?? {} };
  queueRoutes(app, ctx);
  intakeRoutes(app, ctx);
  // The case page's forms may carry released records (uploads): multipart is parsed only in this scope.
  await app.register(async (scope) => {
    await registerMultipart(scope);
    caseRoutes(scope, ctx);
    releasedRoutes(scope, ctx);
  });
}
