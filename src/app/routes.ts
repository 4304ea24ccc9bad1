import { authRoutes } from '../modules/accounts/auth.routes.js';
import { apiRoutes } from '../modules/api/api.routes.js';
import { auditRoutes } from '../modules/console/audit.routes.js';
import { columnRoutes } from '../modules/console/columns.routes.js';
import { calendarConsoleRoutes } from '../modules/console/calendar.routes.js';
import { dashboardRoutes } from '../modules/console/dashboard.routes.js';
import { departmentRoutes } from '../modules/console/departments.routes.js';
import { siteConsoleRoutes } from '../modules/console/sites.routes.js';
import { userRoutes } from '../modules/console/users.routes.js';
import { portalRoutes } from '../modules/portal/portal.routes.js';
import { documentPortalRoutes } from '../modules/documents/portal/index.js';
import { spaceRoutes } from '../modules/space/space.routes.js';
import { documentConsoleRoutes } from '../modules/documents/console/index.js';
import { documentSpaceRoutes } from '../modules/documents/documents.space.js';
import { collectionRoutes } from '../modules/collections/index.js';
import { interpretationScoreRoutes } from '../modules/interpretations/index.js';
import { appealRoutes } from '../modules/applications/appeals/index.js';
import { applicantRoutes } from '../modules/applications/applicant/index.js';
import { applicationConsoleWithLetters } from '../modules/applications/reply-letters.js';
import { replyTemplateRoutes } from '../modules/applications/replies/index.js';
import { reportRoutes } from '../modules/applications/report/index.js';
import { subscriptionRouteModules } from '../modules/subscriptions/index.js';
import type { RouteModule } from './http.js';

/** Every module's routes, in one list: adding a module means adding it here. */
export const routeModules: RouteModule[] = [
  portalRoutes,
  documentPortalRoutes,
  authRoutes,
  spaceRoutes,
  dashboardRoutes,
  userRoutes,
  departmentRoutes,
  auditRoutes,
  calendarConsoleRoutes,
  siteConsoleRoutes,
  columnRoutes,
  apiRoutes,
  documentConsoleRoutes,
  documentSpaceRoutes,
  collectionRoutes,
  interpretationScoreRoutes,
  applicationConsoleWithLetters,
  applicantRoutes,
  replyTemplateRoutes,
  reportRoutes,
  appealRoutes,
  ...subscriptionRouteModules,
];
