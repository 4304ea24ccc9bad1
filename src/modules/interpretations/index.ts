/*
 * 政策解读质量评审 (B3) manifest.
 * Routes: interpretationScoreRoutes — /console/interpretation-scores (expert, reviewer, admin),
 * …/:id (reviewer, admin: each expert's score), …/:id/score (expert only).
 * Menu: { href: '/console/interpretation-scores', label: '解读评审', roles: scoreViewerRoles }.
 * For the portal's policy page: interpretationsForPolicy(db, policyId) (动态跟踪解读 flagged followUp).
 */
export { interpretationScoreRoutes, scoreDetailRoles, scoreViewerRoles } from './scores.console.js';
export { interpretationsForPolicy, scoreInterpretation, summarize, type PolicyInterpretation } from './scores.service.js';
export { rubric, criteria } from './rubric.js';
