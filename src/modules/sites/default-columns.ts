import type { SiteColumn } from './sites.schemas.js';

/** The five columns every government portal carries (政府网站发展指引): the starting layout of a new site. */
export const defaultColumns: SiteColumn[] = [
  {
    slug: 'xxgk',
    title: '政府信息公开',
    description: '依照《中华人民共和国政府信息公开条例》公开的政府信息。',
    sections: [
      { title: '政府信息公开指南', description: '公开方式、依申请公开的受理机构与办理流程。' },
      { title: '政府信息公开制度', description: '本机关政府信息公开工作制度。' },
      { title: '法定主动公开内容', description: '机构职能、规章、规范性文件、规划、行政许可等。' },
      { title: '依申请公开', description: '在线提交政府信息公开申请并跟踪办理进度。' },
      { title: '政府信息公开年度报告', description: '历年政府信息公开工作年度报告。' },
    ],
  },
  {
    slug: 'zcwj',
    title: '政策文件',
    description: '规章、行政规范性文件和其他主动公开文件，标注效力状态。',
    sections: [
      { title: '规章', description: '本机关起草或实施的政府规章。' },
      { title: '行政规范性文件', description: '现行有效、已修改、已废止、已失效的行政规范性文件。' },
      { title: '其他文件', description: '其他主动公开的公文。' },
      { title: '通知公告', description: '工作通知与公告公示。' },
    ],
  },
  {
    slug: 'zcjd',
    title: '政策解读',
    description: '与政策文件同步起草、同步审签、同步发布的解读材料。',
    sections: [
      { title: '文字解读', description: '起草背景、主要内容与适用对象。' },
      { title: '图解', description: '以图表方式说明政策要点。' },
      { title: '问答', description: '公众关心的常见问题与解答。' },
    ],
  },
  {
    slug: 'hdjl',
    title: '互动交流',
    description: '政策咨询、意见征集、在线访谈与公众参与。',
    sections: [
      { title: '意见征集', description: '规划草案与政策文件公开征询意见。' },
      { title: '在线访谈', description: '围绕重点工作与公众在线交流。' },
      { title: '政策咨询', description: '就政策文件留言提问，承办处室限时答复。' },
    ],
  },
  {
    slug: 'bsfw',
    title: '办事服务',
    description: '与政策关联的“一网通办”办事事项，阅办联动。',
    sections: [
      { title: '办事指南', description: '规划资源领域政务服务事项。' },
      { title: '办件查询', description: '在个人或企业专属空间查询办理进度。' },
    ],
  },
];
