import type { FastifyInstance } from 'fastify';
import type { Services } from '../../../app/services.js';
import { noHooks, type PublicationHooks } from '../workflow.service.js';
import { actionRoutes } from './actions.routes.js';
import { compareRoutes } from './compare.routes.js';
import type { ConsoleContext } from './context.js';
import { editRoutes } from './edit.routes.js';
import { listRoutes } from './list.routes.js';
import { registerMultipart } from './multipart.js';
import { termRoutes } from './terms.routes.js';
import { workbenchRoutes } from './workbench.routes.js';

export { access as documentConsoleAccess } from './context.js';

/**
 * The policy library's staff console: /console/documents/** and /console/sensitive-terms.
 *
 * Everything lives in one encapsulated scope so that multipart parsing (uploads) exists only
 * here. The publication hooks (search index, caches) come from `options.hooks`, else from
 * `services.documentHooks` once the app provides it, else nothing.
 */
export async function documentConsoleRoutes(app: FastifyInstance, services: Services, options: { hooks?: PublicationHooks } = {}): Promise<void> {
  const hooks = options.hooks ?? (services as Services & { documentHooks?: PublicationHooks }).documentHooks ?? noHooks;
  const ctx: ConsoleContext = { services, hooks };
  await app.register(async (scope) => {
    await registerMultipart(scope);
    listRoutes(scope, ctx);
    editRoutes(scope, ctx);
    workbenchRoutes(scope, ctx);
    actionRoutes(scope, ctx);
    compareRoutes(scope, ctx);
    termRoutes(scope, ctx);
  });
}
