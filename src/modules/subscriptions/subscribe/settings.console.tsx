import type { FastifyInstance } from 'fastify';
import { requireStaff } from '../../../app/guards.js';
import type { Services } from '../../../app/services.js';
import type { Values } from '../../../platform/views/forms.js';
import type { StaffRole } from '../../accounts/roles.js';
import { TAG_ADMIN_ROLES } from '../tags/tags.console.js';
import { settingsPage, settingsValues } from './settings.views.js';
import { loadSubscribeSettings, saveSubscribeSettings } from './subscribe.settings.js';

/** Console /console/subscription-settings (订阅设置): the subscription limits, admins only, each change audited. */
export function subscribeSettingsRoutes(app: FastifyInstance, services: Services) {
  const database = services.database;

  app.get<{ Querystring: { done?: string } }>('/console/subscription-settings', async (request, reply) => {
    requireStaff(request, TAG_ADMIN_ROLES);
    const current = await loadSubscribeSettings(database.db);
    return reply.page(settingsPage(request, settingsValues(current), {}, request.query.done));
  });

  app.post('/console/subscription-settings', async (request, reply) => {
    requireStaff(request, TAG_ADMIN_ROLES);
    const body = (request.body ?? {}) as Values;
    const outcome = await saveSubscribeSettings(database, body, request.auditActor());
    if (!outcome.ok) return reply.page(settingsPage(request, body, outcome.errors), 422);
    return reply.redirect(`/console/subscription-settings?done=${outcome.value.length ? 'saved' : 'unchanged'}`, 303);
  });
}

export const subscribeSettingsRouteAccess: Record<string, StaffRole[]> = {
  'GET /console/subscription-settings': TAG_ADMIN_ROLES,
  'POST /console/subscription-settings': TAG_ADMIN_ROLES,
};
