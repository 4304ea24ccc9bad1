/*
 * The domain dictionary for Chinese segmentation (规划资源 vocabulary), loaded on top of jieba's
 * default dictionary. Rules:
 * - atomic terms only: a term, not a name built from terms. A long name such as
 *   上海市规划和自然资源局 would become one token and hide 自然资源 from jieba's search mode
 *   (segment.ts also emits dictionary words found inside long tokens, but the habit stays).
 * - every entry has a frequency: high enough that the term wins over jieba's split of it,
 *   modest enough not to swallow neighbouring characters. 2000 is above most compound nouns of
 *   the default dictionary and far below function words (的 318825, 和 555815).
 * Add terms here (one per line: word, optional frequency); tests in segment.test.ts.
 */
const TERMS = `
控制性详细规划
控详规划
详细规划
修建性详细规划
单元规划
总体规划
专项规划
国土空间规划
国土空间总体规划
规划许可
规划资源
建设用地
规划用地
建设用地规划许可证
建设工程规划许可证
乡村建设规划许可证
用地预审
选址意见书
一网通办
一网统管
两旧一村
15分钟社区生活圈
社区生活圈
城市更新
滨水空间
滨水
滨江
旧区改造
旧住房成套改造
城中村改造
不动产登记
不动产权证书
土地储备
土地出让
土地征收
征收补偿
集体经营性建设用地
低效用地
减量化
耕地保护
永久基本农田
生态保护红线
城镇开发边界
全域土地综合整治
土地整治
历史风貌区
风貌保护
风貌保护街坊
城市设计
地下空间
公共服务设施
保障性住房
保障性租赁住房
产业用地
工业用地
容积率
建筑密度
绿地率
批前公示
批后公布
规范性文件
行政规范性文件
政府信息公开
依申请公开
主动公开
定向公开
政策解读
征求意见稿
测绘地理信息
地质灾害
矿产资源
海域使用
海洋功能区划
五个新城
临港新片区
张江科学城
虹桥国际开放枢纽
黄浦江
苏州河
`;

const DEFAULT_FREQUENCY = 2000;

/** The dictionary in jieba's text format: `word frequency tag` per line. */
export function domainDictionary(): string {
  return TERMS.split('\n')
    .map((line) => line.trim())
    .filter(Boolean)
    .map((line) => {
      const [word, freq] = line.split(/\s+/);
      return `${word} ${freq ?? DEFAULT_FREQUENCY} n`;
    })
    .join('\n');
}

export const domainTerms = (): string[] =>
  TERMS.split('\n')
    .map((line) => line.trim().split(/\s+/)[0] ?? '')
    .filter(Boolean);
