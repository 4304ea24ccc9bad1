/** The annual report (政府信息公开工作年度报告): computation, store, exports, CLI, console and portal pages. */
export { reportRoutes, reportRouteAccess, REPORT_EDIT_ROLES, REPORT_VIEW_ROLES } from './report.routes.js';
export { runReportCommand, reportUsage, type ReportCommandIo } from './report.cli.js';
export { computeTable2, computeTable3, computeTable4, checkInvariant, type CaseInput, type AppealInput, type PolicyDocInput, type InvariantViolation } from './report.compute.js';
export { computeReport, loadReport, publishReport, saveManual, saveProse, reportSiteOf, type AnnualReport } from './report.service.js';
export { reportDocx } from './report.docx.js';
export { reportXlsx } from './report.xlsx.js';
export * from './report.model.js';
