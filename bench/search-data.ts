import { seededRandom } from '../src/platform/random.js';
import type { SearchEntry } from '../src/platform/search/search.types.js';

/*
 * Deterministic generator of planning-and-land-resources documents (规划资源) for the search
 * benchmark: document i is always the same for the same seed, whatever else is generated, so
 * batches can be produced independently. Bodies are ~3,000 characters of sentences built from
 * the domain vocabulary; some words are everywhere (规划, 土地), place names are rare.
 */

/** The shared seeded PRNG (src/platform/random.ts), under the name the generator uses. */
export const rng = seededRandom;

const list = (text: string): string[] => text.trim().split(/\s+/);

export const DISTRICTS = list('黄浦区 徐汇区 长宁区 静安区 普陀区 虹口区 杨浦区 闵行区 宝山区 嘉定区 浦东新区 金山区 松江区 青浦区 奉贤区 崇明区');
const PLACES = list(`张江 临港 虹桥 金桥 外高桥 陆家嘴 前滩 徐家汇 北外滩 五角场 南翔 安亭 泗泾 朱家角 枫泾 川沙 惠南 奉城
  吴淞 大场 顾村 江桥 华漕 七宝 莘庄 颛桥 周浦 康桥 航头 新场 洋山 南汇 曹路 高东 高桥 庙行 罗店 月浦 淀山湖 练塘 金泽
  泖港 车墩 叶榭 亭林 廊下 山阳 海湾 柘林 庄行 金汇 陈家镇 堡镇 横沙 长兴 真如 桃浦 长风 曹杨 新虹 九亭 洞泾 佘山`);
const TOPICS = list(`控制性详细规划 国土空间规划 城市更新 不动产登记 建设用地 规划许可 土地储备 土地出让 耕地保护 永久基本农田
  生态保护红线 城镇开发边界 历史风貌区 城市设计 地下空间 公共服务设施 保障性住房 产业用地 低效用地 土地征收 征收补偿
  测绘地理信息 地质灾害 矿产资源 海域使用 社区生活圈 两旧一村 一网通办 单元规划 总体规划 专项规划 用地预审 减量化
  全域土地综合整治 旧区改造 城中村改造 风貌保护 绿地 交通 轨道交通 水系 林地 湿地 农用地 集体经营性建设用地`);
const COMMON = list(`规划 土地 用地 建设 管理 实施 审批 项目 保护 开发 利用 设施 空间 功能 布局 住房 生态 环境 资源 产业 交通 公共 服务
  社区 街道 城市 乡村 地区 区域 标准 要求 程序 材料 部门 单位 制度 机制 监督 检查 评估 数据 信息 平台 公开 办理`);
const LAWS = list(`中华人民共和国城乡规划法 中华人民共和国土地管理法 上海市城乡规划条例 不动产登记暂行条例 上海市城市更新条例
  上海市历史文化风貌区和优秀历史建筑保护条例 中华人民共和国政府信息公开条例 上海市土地管理若干规定 地质灾害防治条例
  中华人民共和国测绘法 中华人民共和国矿产资源法 中华人民共和国海域使用管理法`);
const ROADS = list('世纪大道 龙阳路 中山北路 延安西路 沪闵路 曹安公路 南京西路 淮海中路 共和新路 军工路 川杨河 张杨路 华夏路 申江路 沪太路 嘉松路 沪亭北路 莘松路 北翟路 吴中路');
const DEPTS = list('区规划资源局 区住房城乡建设管理委 区发展改革委 区生态环境局 区绿化市容局 区交通委 街道办事处 镇人民政府 区房屋管理局');
export const TYPES = list('规章 行政规范性文件 其他文件 通知公告 规划信息 政策解读');
const ABBR: Record<string, string> = { 规章: '令', 行政规范性文件: '规', 其他文件: '发', 通知公告: '告', 规划信息: '详', 政策解读: '解' };
export const THEMES = list('城乡规划 土地管理 不动产登记 城市更新 耕地保护 测绘地理信息 地质矿产 海洋管理 信息公开');
const VALIDITIES = ['现行有效', '现行有效', '现行有效', '已修改', '已废止', '已失效'];

type Pick = <T>(items: T[]) => T;

/** What one document is about: sentences draw their topics and places from here. */
interface Subject {
  topics: string[];
  places: string[];
  district: string;
  law: string;
}

const SENTENCES: ((p: Pick, n: (max: number) => number, s: Subject) => string)[] = [
  (p, _n, s) => `为进一步加强${p(s.topics)}工作，根据《${s.law}》等有关规定，结合本市实际，制定本办法。`,
  (p, _n, s) => `${s.district}应当会同${p(DEPTS)}，按照${p(s.topics)}的要求，做好${p(COMMON)}${p(COMMON)}工作。`,
  (p, _n, s) => `本市${p(s.topics)}工作坚持规划引领、节约集约、绿色低碳的原则，统筹${p(COMMON)}与${p(COMMON)}。`,
  (p, n, s) => `涉及${p(s.topics)}的，申请人应当依法办理${p(['规划许可', '用地预审', '不动产登记', '土地供应', '竣工验收'])}，${p(DEPTS)}应在${5 + n(16)}个工作日内作出决定。`,
  (p, n, s) => `${p(s.places)}地区规划范围东至${p(ROADS)}，西至${p(ROADS)}，南至${p(ROADS)}，北至${p(ROADS)}，总用地面积约${10 + n(900)}公顷。`,
  (_p, n) => `规划地块容积率不大于${(1 + n(40) / 10).toFixed(1)}，建筑高度不超过${24 + n(100)}米，绿地率不低于${20 + n(20)}%。`,
  (p, _n, s) => `各区规划资源部门应当加强对${p(s.topics)}的监督检查，及时公开${p(COMMON)}信息，接受社会监督。`,
  (p, _n, s) => `${p(s.topics)}方案经批准后，应当在${p(['“一网通办”平台', '政府网站', '规划资源门户网站', '现场公告栏', '区政府网站', '街镇公告栏', '报纸', '政务新媒体'])}公开，公示期不少于三十日。`,
  (p, _n, s) => `鼓励${p(s.places)}、${p(s.places)}等地区结合${p(s.topics)}，完善${p(COMMON)}设施，提升${p(COMMON)}品质。`,
  (p, _n, s) => `对违反${p(s.topics)}管理规定的行为，由${p(DEPTS)}依法予以查处；构成犯罪的，依法追究刑事责任。`,
  (p, _n, s) => `本办法所称${p(s.topics)}，是指在${p(COMMON)}范围内开展的${p(COMMON)}、${p(COMMON)}和${p(COMMON)}等活动。`,
  (p, n, s) => `${s.district}${p(s.places)}社区共有${n(30) + 2}个街坊纳入${p(s.topics)}范围，涉及居民约${100 + n(5000)}户。`,
  (p) => `建设单位应当按照规划条件开展设计，不得擅自变更${p(COMMON)}性质和${p(COMMON)}指标。`,
  (p, _n, s) => `市规划资源局负责本市${p(s.topics)}的统筹协调和监督管理，区人民政府负责本辖区内的组织实施。`,
  (p, _n, s) => `推进${p(s.topics)}与${p(s.topics)}相衔接，落实${p(['“15分钟社区生活圈”行动', '“两旧一村”改造', '城市更新行动', '乡村振兴战略', '节约集约用地要求', '高质量发展要求', '生态优先原则', '人民城市理念'])}，补齐${p(COMMON)}短板。`,
  (p, n, s) => `截至${2015 + n(10)}年底，全市累计完成${p(s.topics)}项目${10 + n(500)}个，涉及用地${n(9000) + 100}亩。`,
  (p) => `申请材料包括申请书、身份证明、权属来源材料及${p(COMMON)}${p(COMMON)}材料等。`,
  (p, _n, s) => `${p(s.places)}${p(ROADS)}沿线地块调整为${p(['商业服务业用地', '住宅用地', '公共绿地', '教育科研用地', '工业用地', '市政设施用地'])}。`,
];

/** Earlier items are more frequent (Zipf-like, exponent 0.8). */
function zipf<T>(random: () => number, items: T[]): T {
  const weights = items.map((_, k) => 1 / (k + 1) ** 0.8);
  let x = random() * weights.reduce((a, b) => a + b, 0);
  for (let k = 0; k < items.length; k++) if ((x -= weights[k]!) <= 0) return items[k]!;
  return items.at(-1)!;
}

function pickOf(random: () => number): Pick {
  return <T>(items: T[]): T => items[Math.floor(random() * items.length)]!;
}

/** Document i of the data set (0-based). */
export function generateDocument(i: number, seed = 20261125, bodyChars = 3000): SearchEntry {
  const random = rng(seed ^ Math.imul(i + 1, 0x9e3779b1));
  const p = pickOf(random);
  const n = (max: number) => Math.floor(random() * max);
  const year = 2015 + (i % 10);
  const type = TYPES[n(TYPES.length)]!;
  const district = p(DISTRICTS);
  const place = p(PLACES);
  const topic = zipf(random, TOPICS);
  const subject: Subject = {
    topics: [topic, zipf(random, TOPICS), zipf(random, TOPICS)],
    places: [place, p(PLACES)],
    district,
    law: p(LAWS),
  };
  const titles = [
    `上海市规划和自然资源局关于印发《上海市${topic}管理办法》的通知`,
    `关于${district}${place}单元控制性详细规划局部调整的批复`,
    `${district}${place}地区${topic}规划（草案）公示`,
    `关于做好${year}年${topic}工作的通知`,
    `${district}${place}${n(90) + 1}号地块国有建设用地使用权出让公告`,
    `关于加强${topic}的实施意见`,
    `《上海市${topic}管理办法》政策解读`,
  ];
  const title = type === '政策解读' ? titles[6]! : titles[n(6)]!;
  let body = '';
  while (body.length < bodyChars) body += p(SENTENCES)(p, n, subject);
  const seq = Math.floor(i / 10) + 1;
  const siteId = random() < 0.4 ? 1 : 2 + DISTRICTS.indexOf(district);
  const month = String(1 + n(12)).padStart(2, '0');
  const day = String(1 + n(28)).padStart(2, '0');
  return {
    key: `document:${i + 1}`,
    siteId,
    kind: type === '政策解读' ? 'interpretation' : 'document',
    title,
    body,
    docNumber: `沪规划资源${ABBR[type]}〔${year}〕${seq}号`,
    indexNumber: `SHGH-${year}-${String(i + 1).padStart(6, '0')}`,
    type,
    issuers: random() < 0.2 ? ['上海市规划和自然资源局', `${district}人民政府`] : ['上海市规划和自然资源局'],
    theme: p(THEMES),
    validity: p(VALIDITIES),
    year,
    publishedAt: `${year}-${month}-${day}T0${n(10)}:00:00.000Z`,
    url: `/documents/${i + 1}`,
    audience: random() < 0.01 ? [1000 + n(50)] : null,
  };
}

/** Typical 1–3-word queries: broad, medium and narrow, plus a 文号 and a 索引号 of document 505. */
export const queries = (seed?: number): string[] => [
  ...QUERIES,
  generateDocument(504, seed).docNumber!.replace('〔', '[').replace('〕', ']'),
  generateDocument(504, seed).indexNumber!,
];

const QUERIES = [
  '规划', '土地', '通知', '建设用地', '城市更新', '控制性详细规划', '不动产登记', '规划许可', '一网通办', '两旧一村',
  '15分钟社区生活圈', '历史风貌区 保护', '耕地保护 永久基本农田', '征收补偿', '地质灾害', '测绘地理信息', '海域使用',
  '浦东新区 张江', '徐汇区 城市设计', '临港 产业用地', '国有建设用地使用权 出让', '生态保护红线', '保障性住房 用地',
  '集体经营性建设用地', '城中村改造 补偿', '淀山湖 生态', '金泽 练塘 规划', '容积率 建筑高度',
];
