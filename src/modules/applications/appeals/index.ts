/** 行政复议 / 行政诉讼 records (table 4 of the annual report): /console/appeals. */
export { appealRoutes, appealRouteAccess, APPEAL_ROLES } from './appeals.routes.js';
export { createAppeal, updateAppeal } from './appeals.service.js';
export { listAppeals, type AppealRow } from './appeals.store.js';
