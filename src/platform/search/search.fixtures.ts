import type { SearchEntry } from './search.types.js';

/** A small library for the search tests. */
export function entry(id: number, fields: Partial<SearchEntry> = {}): SearchEntry {
  return {
    key: `document:${id}`,
    siteId: 1,
    kind: 'document',
    title: `文件${id}`,
    body: '',
    docNumber: null,
    indexNumber: null,
    type: '其他文件',
    issuers: ['上海市规划和自然资源局'],
    theme: null,
    validity: '现行有效',
    year: 2024,
    publishedAt: `2024-01-${String((id % 28) + 1).padStart(2, '0')}T08:00:00.000Z`,
    url: `/documents/${id}`,
    audience: null,
    ...fields,
  };
}

export const library: SearchEntry[] = [
  entry(1, {
    title: '上海市规划和自然资源局关于印发《控制性详细规划技术准则》的通知',
    body: '为规范本市控制性详细规划编制工作，提高规划的科学性，制定本准则。各区规划资源部门应当遵照执行。',
    docNumber: '沪规划资源规〔2024〕3号',
    indexNumber: 'SHGH-2024-000003',
    type: '行政规范性文件',
    theme: '城乡规划',
    publishedAt: '2024-03-01T08:00:00.000Z',
  }),
  entry(2, {
    title: '关于推进城市更新工作的实施意见',
    body: '徐汇区将以城市更新为抓手，推进两旧一村改造，建设15分钟社区生活圈。办事可通过一网通办平台。',
    docNumber: '沪规划资源发〔2023〕12号',
    type: '其他文件',
    issuers: ['上海市规划和自然资源局', '上海市住房和城乡建设管理委员会'],
    theme: '城市更新',
    year: 2023,
    publishedAt: '2023-06-15T08:00:00.000Z',
  }),
  entry(3, {
    title: '浦东新区不动产登记办事指南',
    body: '不动产登记可在一网通办办理。本指南说明所需材料与办理时限。文号沪规划资源规〔2024〕3号的准则另行适用。',
    type: '通知公告',
    theme: '不动产登记',
    siteId: 2,
    publishedAt: '2024-05-20T08:00:00.000Z',
  }),
  entry(4, {
    title: '徐汇区城市设计导则（征求意见稿）',
    body: '本导则适用于徐汇区城市设计，不涉及城市更新项目。<script>alert("x")</script> 规划部门负责解释。',
    type: '规划信息',
    theme: '城乡规划',
    validity: '已废止',
    year: 2022,
    publishedAt: '2022-09-01T08:00:00.000Z',
  }),
];
