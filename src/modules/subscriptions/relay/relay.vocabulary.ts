/** The fixed vocabularies of relay packages (政策知识点), with their Chinese labels. */

/** Organisations that pass policy on offline (mission §二(六)). */
export const relayTypes = { association: '协会', chamber: '商会', park: '园区', legal: '法律服务机构', community: '居村委' } as const;
export type RelayType = keyof typeof relayTypes;

export const memberStatuses = { pending: '待审核', approved: '已通过', rejected: '未通过' } as const;
export type MemberStatus = keyof typeof memberStatuses;

export const relayChannels = { window: '窗口', meeting: '会议', wechat: '微信群', board: '宣传栏', other: '其他' } as const;
export type RelayChannel = keyof typeof relayChannels;

export const packageStatuses = { draft: '草稿', published: '已发布' } as const;

/** A single relay reaching more people than this is a typing error, not an event (a very large 园区 has tens of thousands). */
export const MAX_REACH = 1_000_000;

/** The suggested package title: 《policy》政策知识点, the policy title shortened so the whole stays within 120 characters. */
export const relayTitleFor = (policyTitle: string): string => `《${policyTitle.slice(0, 120 - '《》政策知识点'.length)}》政策知识点`;

export const FAQ_MAX_ITEMS = 30;
export const FAQ_MAX_QUESTION = 200;
export const FAQ_MAX_ANSWER = 2000;

export const label = <T extends Record<string, string>>(vocabulary: T, code: string): string => (Object.hasOwn(vocabulary, code) ? vocabulary[code as keyof T]! : code);
