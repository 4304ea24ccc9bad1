import { seededRandom } from '../platform/random.js';
import type { ImportLine } from '../modules/documents/import.service.js';
import type { DocumentType, Validity } from '../modules/documents/documents.vocabulary.js';

const actions = ['进一步加强', '规范', '做好', '推进', '优化', '深化', '完善', '加快推进', '印发', '明确'];
const subjects = [
  '控制性详细规划管理', '“两旧一村”改造', '15分钟社区生活圈建设', '建设用地规划许可', '工程建设项目审批制度改革', '不动产登记便民服务', '耕地保护和占补平衡',
  '历史风貌区保护', '城市更新单元规划', '产业基地区域评估', '国土空间总体规划实施', '存量工业用地盘活', '集体经营性建设用地入市', '测绘地理信息成果管理',
  '规划资源领域政务公开', '“一网通办”规划资源事项办理', '临时用地管理', '地下空间开发利用', '新城规划建设', '郊野单元村庄规划',
];
const genres: Record<DocumentType, string[]> = {
  regulation: ['办法', '规定', '条例实施细则'],
  normative: ['通知', '实施意见', '管理办法', '若干规定', '操作规程'],
  other: ['通知', '工作方案', '工作要点', '报告'],
  notice: ['公告', '公示', '通告'],
  planning: ['规划', '批前公示', '批后公布'],
  interpretation: ['政策解读'],
};
const typeWeights: [DocumentType, number][] = [['regulation', 4], ['normative', 40], ['other', 25], ['notice', 20], ['planning', 11]];
const themesByWord: [string, string][] = [['详细规划', '详细规划'], ['两旧一村', '城市更新'], ['生活圈', '城市更新'], ['用地', '土地管理'], ['不动产', '不动产登记'], ['耕地', '耕地保护'], ['风貌', '历史风貌保护'], ['测绘', '测绘地理信息'], ['政务公开', '政务公开'], ['国土空间', '国土空间规划']];
const paragraphs = [
  '为贯彻落实市委、市政府关于{s}的决策部署，进一步提升城市治理能力和水平，结合本市规划和自然资源管理实际，制定本{g}。',
  '坚持以人民为中心的发展思想，坚持规划引领、统筹协调、依法行政、公开透明的原则，推动{s}工作走深走实。',
  '各区规划资源部门要切实履行属地管理责任，建立健全工作机制，明确责任分工和时间节点，确保各项任务按期完成。',
  '加强政策解读和宣传引导，及时回应社会关切，通过政府网站、政务新媒体等渠道主动公开相关信息，保障公众的知情权、参与权和监督权。',
  '依托“一网通办”平台，优化办事流程，压缩审批时限，推行告知承诺、并联审批和全程网办，提升企业和群众办事的便利度和获得感。',
  '严格执行国土空间规划，强化用途管制，统筹生产、生活、生态空间布局，促进土地节约集约利用。',
  '建立实施评估和动态监测机制，定期开展评估，对发现的问题及时督促整改，并将评估结果作为完善政策的重要依据。',
  '本{g}自发布之日起施行，由市规划资源局负责解释。此前有关规定与本{g}不一致的，以本{g}为准。',
];
const issuers = ['上海市规划和自然资源局', '上海市人民政府', '上海市住房和城乡建设管理委员会', '上海市发展和改革委员会'];

export interface DemoLibrary {
  lines: ImportLine[];
  /** Pairs (by externalId) for 废止 and 修改 relations, and policies that get an interpretation. */
  repeals: [string, string][];
  amends: [string, string][];
  interpreted: string[];
}

/** `today` (YYYY-MM-DD) caps publication dates: a demo never shows a policy published in the future. */
export function generateDemoLibrary(count = 300, seed = 20240508, today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10)): DemoLibrary {
  const rnd = seededRandom(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rnd() * list.length)]!;
  const totalWeight = typeWeights.reduce((sum, [, w]) => sum + w, 0);
  const pickType = (): DocumentType => {
    let roll = rnd() * totalWeight;
    for (const [type, weight] of typeWeights) if ((roll -= weight) < 0) return type;
    return 'normative';
  };
  const serials = new Map<string, number>();
  const lines: ImportLine[] = [];
  for (let i = 0; i < count; i++) {
    const type = pickType();
    const year = 2019 + Math.floor(rnd() * 8);
    const month = 1 + Math.floor(rnd() * 12);
    const day = 1 + Math.floor(rnd() * 28);
    const drawn = `${Math.min(year, 2026)}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
    const publishedAt = drawn > today ? today : drawn;
    const subject = pick(subjects);
    const genre = pick(genres[type]);
    const title = type === 'notice' ? `关于${subject}有关事项的${genre}` : type === 'planning' ? `${pick(['浦东新区', '闵行区', '嘉定区', '青浦区', '松江区', '宝山区'])}${pick(['单元', '街区', '片区'])}控制性详细规划${genre}` : `关于${pick(actions)}${subject}的${genre}`;
    const prefix = type === 'regulation' ? '沪府令' : type === 'normative' ? '沪规划资源规' : type === 'planning' ? '沪府规划' : '沪规划资源发';
    const key = `${prefix}${year}`;
    const serial = (serials.get(key) ?? 0) + 1;
    serials.set(key, serial);
    const docNumber = type === 'notice' ? null : type === 'regulation' ? `上海市人民政府令第${serial + 10}号` : `${prefix}〔${year}〕${serial}号`;
    const body = Array.from({ length: 5 + Math.floor(rnd() * 4) }, (_, k) => (k === 0 ? paragraphs[0]! : pick(paragraphs.slice(1))).replaceAll('{s}', subject).replaceAll('{g}', genre)).join('\n');
    const theme = themesByWord.find(([word]) => title.includes(word))?.[1] ?? '其他';
    const validity: Validity = type === 'normative' || type === 'regulation' ? (rnd() < 0.08 ? 'expired' : 'current') : 'current';
    const expiresAt = type === 'normative' ? `${Math.min(year, 2026) + 5}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}` : null;
    lines.push({
      title, docNumber, issuer: rnd() < 0.1 ? [issuers[0]!, pick(issuers.slice(1))] : issuers[type === 'regulation' ? 1 : 0]!, type, publishedAt, body, validity,
      expiresAt: validity === 'expired' ? `${Math.min(year, 2026)}-12-31` : expiresAt, theme, externalId: `demo-${i + 1}`,
    });
  }
  const policies = lines.filter((l) => l.type === 'normative' && l.validity === 'current').map((l) => l.externalId!);
  const publishedOn = new Map(lines.map((l) => [l.externalId!, l.publishedAt]));
  /** The later document repeals or amends the earlier one, never the other way round. */
  const inOrder = (a: string, b: string): [string, string] => (publishedOn.get(a)! >= publishedOn.get(b)! ? [a, b] : [b, a]);
  return {
    lines,
    repeals: policies.slice(0, 8).map((id, i) => inOrder(policies[policies.length - 1 - i]!, id)),
    amends: policies.slice(8, 14).map((id, i) => inOrder(policies[policies.length - 9 - i]!, id)),
    interpreted: policies.slice(20, 60),
  };
}
