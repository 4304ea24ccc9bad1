import type { Criterion, Frequency, SubscriptionChannel } from './notify-event.js';

/** The fixed vocabularies of subscriptions and audience tags, with their Chinese labels. */

export const tagCategories = { industry: '行业', size: '企业规模', district: '区域', group: '人群' } as const;
export type TagCategory = keyof typeof tagCategories;
export const tagCategoryCodes = Object.keys(tagCategories) as TagCategory[];

export const criteria: Record<Criterion, string> = { theme: '主题', tag: '标签', issuer: '发文机关', type: '文件类型', keyword: '关键词' };
export const criterionCodes = Object.keys(criteria) as Criterion[];

export const subscriptionChannels: Record<SubscriptionChannel, string> = { inbox: '站内消息', email: '电子邮件', sms: '短信' };
export const channelCodes = Object.keys(subscriptionChannels) as SubscriptionChannel[];

export const frequencies: Record<Frequency, string> = { immediate: '即时', daily: '每日汇总', weekly: '每周汇总' };
export const frequencyCodes = Object.keys(frequencies) as Frequency[];

export const subscriptionStatuses = { pending: '待确认', active: '有效', ended: '已退订' } as const;

/**
 * The vocabulary a new site starts with: a municipal planning and natural-resources bureau in
 * Shanghai. Admins rename, reorder, add and retire tags in the console afterwards.
 */
export const defaultTags: Record<TagCategory, string[]> = {
  industry: ['房地产开发', '建筑设计', '建筑施工', '测绘地理信息', '工程咨询', '城市更新', '农业', '工业制造', '物流仓储', '商业服务', '海洋产业', '矿产资源'],
  size: ['大型企业', '中型企业', '小型企业', '微型企业', '个体工商户'],
  district: [
    '黄浦区', '徐汇区', '长宁区', '静安区', '普陀区', '虹口区', '杨浦区', '闵行区',
    '宝山区', '嘉定区', '浦东新区', '金山区', '松江区', '青浦区', '奉贤区', '崇明区',
  ],
  group: ['农村村民', '动迁居民', '不动产权利人', '老年人', '残疾人', '企业法人', '规划设计人员', '社会组织'],
};
