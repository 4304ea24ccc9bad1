/** The fixed vocabularies of the policy library, with their Chinese labels. */

export const documentTypes = {
  regulation: '规章',
  normative: '行政规范性文件',
  other: '其他文件',
  notice: '通知公告',
  planning: '规划信息',
  interpretation: '政策解读',
} as const;
export type DocumentType = keyof typeof documentTypes;
export const documentTypeCodes = Object.keys(documentTypes) as DocumentType[];

/** 效力状态. Only policies (规章, 行政规范性文件, 其他文件) carry one that matters to the public. */
export const validityStates = {
  current: '现行有效',
  amended: '已修改',
  repealed: '已废止',
  expired: '已失效',
} as const;
export type Validity = keyof typeof validityStates;

/** 公开属性 (条例 第十九条、第二十七条、第十四至十六条). */
export const disclosureAttributes = {
  proactive: '主动公开',
  on_request: '依申请公开',
  withheld: '不予公开',
} as const;
export type DisclosureAttribute = keyof typeof disclosureAttributes;

/**
 * Legal reasons for 不予公开; the codes and wording follow the rows of table 3 (三) of the
 * annual report (国办公开办函〔2021〕30号), so a decision here counts in the report as is.
 */
export const withholdingReasons = {
  state_secret: '属于国家秘密',
  prohibited_by_law: '其他法律行政法规禁止公开',
  three_securities: '危及“三安全一稳定”',
  third_party: '保护第三方合法权益',
  internal_affairs: '属于三类内部事务信息',
  process_info: '属于四类过程性信息',
  enforcement_file: '属于行政执法案卷',
  administrative_query: '属于行政查询事项',
} as const;
export type WithholdingReason = keyof typeof withholdingReasons;

/** 公开方式. */
export const disclosureMethods = ['政府网站', '政府公报', '新闻发布会', '报刊广播电视', '政务新媒体', '公开查阅点'] as const;

export const relationKinds = {
  amends: '修改',
  repeals: '废止',
  basis: '依据',
  interprets: '解读',
} as const;
export type RelationKind = keyof typeof relationKinds;

/** Where a document is in its life: the public sees only `published`. */
export const documentStatuses = {
  draft: '草稿',
  in_review: '审核中',
  approved: '已审定待发布',
  scheduled: '定时发布',
  published: '已发布',
  withdrawn: '已撤回',
} as const;
export type DocumentStatus = keyof typeof documentStatuses;

/** The review steps of 先审查、后公开, in order; each approves one specific version. */
export const reviewSteps = {
  attribute: '公开属性认定',
  confidentiality: '保密审查',
  approval: '审核签发',
} as const;
export type ReviewStep = keyof typeof reviewSteps;
export const reviewStepOrder: ReviewStep[] = ['attribute', 'confidentiality', 'approval'];

export const interpretationForms = { text: '文字解读', graphic: '图解', qa: '问答', video: '视频' } as const;
export type InterpretationForm = keyof typeof interpretationForms;

export const themes = [
  '国土空间规划', '详细规划', '城市更新', '土地管理', '不动产登记', '耕地保护', '建设工程', '测绘地理信息', '海洋管理', '历史风貌保护', '政务公开', '其他',
] as const;
