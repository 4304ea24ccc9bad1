/*
 * Abuse control (依申请公开 H6): applications per applicant per calendar month (Asia/Shanghai) and
 * near-identical earlier requests of the same applicant (jieba-token Jaccard, see similarity.ts).
 * For the case page: similarApplications(db, siteId, { accountId, name }, description, { excludeId, before }).
 */
export { applicantStats, applicantMonthlyCounts, similarApplications, shanghaiDate, type ApplicantKey, type ApplicantCase, type ApplicantMonthStats, type SimilarApplication, type SimilarityOptions } from './abuse.service.js';
export { requestTokens, jaccard, requestSimilarity, isNearDuplicate, DEFAULT_SIMILARITY_THRESHOLD, type Similarity } from './similarity.js';
