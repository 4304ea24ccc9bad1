/*
 * 依申请公开 cases: intake, the state machine (transitions.ts, as data), the commands that move a
 * case and its statutory clock, the applicant's view, reminders and auto-closing, the calendar
 * listener, and the staff console. See docs in each file; the clock itself is ../clock.
 */
export { applicationConsoleRoutes } from './console/index.js';
export { applicationRouteAccess, viewRoles as applicationViewRoles, intakeRoles as applicationIntakeRoles } from './console/access.js';
export { defineApplicationJobs, applicationSchedules, subscribeToCalendar, REMIND_JOB, CLOSE_LAPSED_JOB, RECOMPUTE_JOB } from './jobs.js';
export { MAIL_JOB } from './notify.js';
export { caseContext, staffActor, applicantActor, systemActor, staffMaySee, type CaseContext, type CaseActor, type CaseHooks, type ReplyHook, type MoveHook } from './context.js';
export { defaultCaseRules, loadCaseRules, mergeCaseRules, CASE_RULES_KEY, type CaseRules } from './case-rules.js';
export { transitions, caseActions, openStatuses, type CaseAction, type Transition, type ActorRole } from './transitions.js';
export { submitOnline, registerByStaff, type NewCaseResult } from './intake.service.js';
export { assignCase, requestCorrection, recordCorrection, startConsultation, endConsultation, requestExtension, decideExtension } from './handling.service.js';
export { sendFeeNotice, confirmPayment, setLaterDate, replyToCase, closeCase, withdrawCase } from './outcome.service.js';
export { casesOfApplicant, caseForApplicant, submitCorrectionOnline, confirmPaymentOnline, withdrawOnline, type ApplicantCase, type ApplicantCaseSummary } from './applicant.service.js';
export { recomputeOpenCases, type RecomputeReport } from './recompute.service.js';
export { sendReminders, closeLapsedCases } from './deadlines.service.js';
export { clockOf } from './case-clock.js';
export { decryptIdNumber } from './identity.js';
