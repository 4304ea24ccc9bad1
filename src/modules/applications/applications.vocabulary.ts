/**
 * The vocabularies of 依申请公开, with their Chinese labels. Reply types are exactly the rows of
 * table 3 (三) of the annual report (国办公开办函〔2021〕30号), so a case's outcome is counted in
 * the report as it stands.
 */

export const replyGroups = {
  disclosed: '（一）予以公开',
  partly_disclosed: '（二）部分公开',
  withheld: '（三）不予公开',
  unavailable: '（四）无法提供',
  not_processed: '（五）不予处理',
  other: '（六）其他处理',
} as const;
export type ReplyGroup = keyof typeof replyGroups;

export const replyTypes = {
  disclosed: { group: 'disclosed', label: '予以公开' },
  partly_disclosed: { group: 'partly_disclosed', label: '部分公开（区分处理的，只计这一情形，不计其他情形）' },
  withheld_state_secret: { group: 'withheld', label: '1.属于国家秘密' },
  withheld_prohibited_by_law: { group: 'withheld', label: '2.其他法律行政法规禁止公开' },
  withheld_three_securities: { group: 'withheld', label: '3.危及“三安全一稳定”' },
  withheld_third_party: { group: 'withheld', label: '4.保护第三方合法权益' },
  withheld_internal_affairs: { group: 'withheld', label: '5.属于三类内部事务信息' },
  withheld_process_info: { group: 'withheld', label: '6.属于四类过程性信息' },
  withheld_enforcement_file: { group: 'withheld', label: '7.属于行政执法案卷' },
  withheld_administrative_query: { group: 'withheld', label: '8.属于行政查询事项' },
  unavailable_not_held: { group: 'unavailable', label: '1.本机关不掌握相关政府信息' },
  unavailable_needs_creation: { group: 'unavailable', label: '2.没有现成信息需要另行制作' },
  unavailable_unclear_after_correction: { group: 'unavailable', label: '3.补正后申请内容仍不明确' },
  not_processed_petition: { group: 'not_processed', label: '1.信访举报投诉类申请' },
  not_processed_repeated: { group: 'not_processed', label: '2.重复申请' },
  not_processed_publication: { group: 'not_processed', label: '3.要求提供公开出版物' },
  not_processed_excessive: { group: 'not_processed', label: '4.无正当理由大量反复申请' },
  not_processed_confirmation: { group: 'not_processed', label: '5.要求行政机关确认或重新出具已获取信息' },
  other_no_correction: { group: 'other', label: '1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请' },
  other_fee_unpaid: { group: 'other', label: '2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请' },
  other_other: { group: 'other', label: '3.其他' },
} as const satisfies Record<string, { group: ReplyGroup; label: string }>;
export type ReplyType = keyof typeof replyTypes;
export const replyTypeCodes = Object.keys(replyTypes) as ReplyType[];

/** Table 3's applicant columns. */
export const applicantColumns = {
  person: '自然人',
  business: '商业企业',
  research: '科研机构',
  nonprofit: '社会公益组织',
  legal_service: '法律服务机构',
  other_org: '其他',
} as const;
export type ApplicantColumn = keyof typeof applicantColumns;

/** Maps an organisation account's sub-type (accounts/roles.ts organizationTypes) to its column. */
export const orgTypeColumn: Record<string, ApplicantColumn> = {
  商业企业: 'business', 科研机构: 'research', 社会公益组织: 'nonprofit', 法律服务机构: 'legal_service', 其他: 'other_org',
};

/** How an application arrived (条例 第二十九条、第三十一条). */
export const channels = {
  online: '互联网（在线申请）',
  letter: '信函',
  in_person: '当面',
  fax: '传真',
  oral: '口头（工作人员代为填写）',
} as const;
export type Channel = keyof typeof channels;

export const deliveryForms = ['电子邮件', '纸质邮寄', '当面领取', '在线查看（个人空间）', '光盘'] as const;

/** Case states; the allowed moves between them are data in applications.transitions.ts. */
export const caseStatuses = {
  received: '已收到',
  assigned: '办理中',
  awaiting_correction: '待补正',
  consulting: '征求意见中',
  awaiting_fee: '待缴费',
  replied: '已答复',
  closed: '已办结',
} as const;
export type CaseStatus = keyof typeof caseStatuses;

/** Events on a case's clock; the clock is recomputed from them, never overwritten. */
export const clockEventKinds = {
  received: '收到申请',
  correction_requested: '发出补正通知',
  correction_received: '收到补正材料',
  consultation_started: '征求第三方或其他机关意见',
  consultation_ended: '征求意见结束',
  extension_approved: '延期答复（负责人批准）',
  fee_notice: '发出收费通知',
  fee_paid: '缴纳信息处理费',
  later_date_set: '确定合理答复期限（第三十五条）',
} as const;
export type ClockEventKind = keyof typeof clockEventKinds;

/** 行政复议 / 行政诉讼 (table 4). */
export const appealKinds = {
  reconsideration: '行政复议',
  litigation_direct: '行政诉讼（未经复议直接起诉）',
  litigation_after_reconsideration: '行政诉讼（复议后起诉）',
} as const;
export type AppealKind = keyof typeof appealKinds;

export const appealOutcomes = { upheld: '结果维持', corrected: '结果纠正', other: '其他结果', pending: '尚未审结' } as const;
export type AppealOutcome = keyof typeof appealOutcomes;
