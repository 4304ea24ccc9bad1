import type { DocumentRow } from '../documents/documents.store.js';
import { documentStatuses, type DocumentStatus } from '../documents/documents.vocabulary.js';
import { isValidLinkSyntax } from './collections.schemas.js';
import type { CollectionRow, ItemRow } from './collections.store.js';
import { isPublicDocument, validityLabel } from './document-access.js';

/*
 * 日常巡检, the pure part: given a collection, its items and what they point to, list what is
 * wrong, each finding with a severity and a suggested fix (as GOV.UK's link checker reports).
 * External addresses are only checked for syntax here; fetching them is the link checker's job (E2).
 */

export type Severity = 'error' | 'warning';
export type FindingCode =
  | 'document_missing' | 'document_withdrawn' | 'document_not_public' | 'document_unpublished'
  | 'document_repealed' | 'document_expired' | 'document_amended'
  | 'link_broken' | 'link_invalid' | 'link_insecure' | 'stale' | 'empty';

export interface Finding {
  itemId: number | null;
  severity: Severity;
  code: FindingCode;
  message: string;
  suggestedFix: string;
}

export type InspectedDocument = Pick<DocumentRow, 'id' | 'title' | 'status' | 'validity' | 'validity_changed_on' | 'disclosure' | 'targeted'>;

export interface InspectionContext {
  now: Date;
  /** Documents of this site, by id: every one an item or an internal link names (missing = does not exist). */
  documents: Map<number, InspectedDocument>;
  /** For a repealed, expired or amended document: the public document that replaced it, if any. */
  successors: Map<number, { id: number; title: string }>;
  /** This site's collections by slug. */
  topics: Map<string, { published: boolean }>;
  /** Host names of this site: absolute links to them are internal links. */
  internalHosts: string[];
}

export type InternalTarget = { kind: 'document'; id: number | null; raw: string } | { kind: 'topic'; slug: string; raw: string };

const DAY_MS = 86_400_000;
const urlPattern = /https?:\/\/[^\s<>"'，。；、）)】]+|(?<![\w/.])\/(?:documents|topics)\/[^\s<>"'，。；、）)】]*/g;

/** The /documents/:id and /topics/:slug links in a text or an address; other paths are not checked. */
export function internalTargets(text: string, internalHosts: string[]): InternalTarget[] {
  const targets: InternalTarget[] = [];
  for (const raw of text.match(urlPattern) ?? []) {
    let path = raw;
    if (/^https?:/.test(raw)) {
      try {
        const url = new URL(raw);
        if (!internalHosts.includes(url.host.toLowerCase()) && !internalHosts.includes(url.hostname.toLowerCase())) continue;
        path = url.pathname;
      } catch {
        continue;
      }
    }
    path = path.split(/[?#]/)[0]!.replace(/\/+$/, '');
    const doc = /^\/documents\/(.*)$/.exec(path);
    if (doc) targets.push({ kind: 'document', id: /^\d{1,9}$/.test(doc[1]!) ? Number(doc[1]) : null, raw });
    const topic = /^\/topics\/(.*)$/.exec(path);
    if (topic) targets.push({ kind: 'topic', slug: topic[1]!, raw });
  }
  return targets;
}

/** Every document id a set of items depends on: the documents they list and the ones they link to. */
export function referencedDocumentIds(items: ItemRow[], internalHosts: string[]): number[] {
  const ids = new Set<number>();
  for (const item of items) {
    if (item.document_id !== null) ids.add(item.document_id);
    for (const t of internalTargets(`${item.body} ${item.url}`, internalHosts)) if (t.kind === 'document' && t.id !== null) ids.add(t.id);
  }
  return [...ids];
}

function documentFindings(item: ItemRow, ctx: InspectionContext): Finding[] {
  const doc = item.document_id === null ? undefined : ctx.documents.get(item.document_id);
  const at = (severity: Severity, code: FindingCode, message: string, suggestedFix: string): Finding[] => [{ itemId: item.id, severity, code, message, suggestedFix }];
  if (!doc) return at('error', 'document_missing', `条目 #${item.id} 所列的文件已不存在`, '从主题库中移除该条目。');
  const name = `《${doc.title}》`;
  if (doc.status === 'withdrawn') return at('error', 'document_withdrawn', `${name}已撤回，公众页面不再显示`, '移除该条目；如该文件已有替代文件，请加入替代文件。');
  if (doc.status === 'published' && !isPublicDocument(doc)) {
    return at('error', 'document_not_public', `${name}不属于主动公开（定向公开或依申请公开），公众页面不显示`, '从主题库中移除该条目。');
  }
  if (doc.status !== 'published') {
    const state = documentStatuses[doc.status as DocumentStatus] ?? doc.status;
    return at('warning', 'document_unpublished', `${name}尚未发布（当前：${state}），公众页面暂不显示`, '文件发布后将自动显示；如不再发布，请移除该条目。');
  }
  const successor = ctx.successors.get(doc.id);
  const replace = successor ? `替换为《${successor.title}》（/documents/${successor.id}）` : '';
  const since = doc.validity_changed_on ? `（${doc.validity_changed_on}）` : '';
  if (doc.validity === 'repealed' || doc.validity === 'expired') {
    const code = doc.validity === 'repealed' ? 'document_repealed' : 'document_expired';
    return at('error', code, `${name}${validityLabel(doc.validity)}${since}`, replace ? `${replace}，并移除该文件。` : '移除该文件，或改列现行有效的替代文件。');
  }
  if (doc.validity === 'amended') {
    return at('warning', 'document_amended', `${name}已被修改${since}`, replace ? `核对条目是否仍然准确，并加入修改文件：${replace.replace(/^替换为/, '')}。` : '核对条目是否仍然准确，并加入修改后的文件。');
  }
  return [];
}

function linkFindings(item: ItemRow, text: string, ctx: InspectionContext): Finding[] {
  const findings: Finding[] = [];
  const where = item.kind === 'faq' ? `常见问题“${item.title}”的解答` : `服务链接“${item.title}”`;
  if (item.kind === 'link') {
    if (!isValidLinkSyntax(item.url)) {
      return [{ itemId: item.id, severity: 'error', code: 'link_invalid', message: `${where}的地址格式无效：${item.url}`, suggestedFix: '改为 https:// 开头的完整网址，或以 / 开头的本站地址。' }];
    }
    if (item.url.startsWith('http://')) {
      findings.push({ itemId: item.id, severity: 'warning', code: 'link_insecure', message: `${where}使用不加密的 http 地址`, suggestedFix: '如对方网站支持，改为 https:// 地址。' });
    }
  }
  for (const target of internalTargets(text, ctx.internalHosts)) {
    if (target.kind === 'document') {
      const doc = target.id === null ? undefined : ctx.documents.get(target.id);
      if (!doc || !isPublicDocument(doc)) {
        findings.push({
          itemId: item.id, severity: 'error', code: 'link_broken',
          message: `${where}链接到${doc ? `未公开的文件《${doc.title}》` : '不存在的文件'}：${target.raw}`,
          suggestedFix: '改为指向已发布文件的链接，或删除该链接。',
        });
      }
    } else {
      const topic = ctx.topics.get(target.slug);
      if (!topic?.published) {
        findings.push({
          itemId: item.id, severity: 'error', code: 'link_broken',
          message: `${where}链接到${topic ? '未公开的' : '不存在的'}主题库：${target.raw}`,
          suggestedFix: topic ? '公开该主题库，或删除该链接。' : '核对主题库访问地址，或删除该链接。',
        });
      }
    }
  }
  return findings;
}

export function inspectCollection(collection: CollectionRow, items: ItemRow[], ctx: InspectionContext): Finding[] {
  const findings: Finding[] = [];
  if (items.length === 0) {
    findings.push({ itemId: null, severity: 'warning', code: 'empty', message: '主题库没有任何条目', suggestedFix: '添加政策文件、解读、常见问题或服务链接；尚未准备好时请不要公开。' });
  }
  for (const item of items) {
    if (item.kind === 'document') findings.push(...documentFindings(item, ctx));
    else findings.push(...linkFindings(item, item.kind === 'faq' ? item.body : item.url, ctx));
  }
  const touched = [collection.updated_at, collection.reviewed_at ?? ''].sort().at(-1)!;
  const days = Math.floor((ctx.now.getTime() - Date.parse(touched)) / DAY_MS);
  if (days > collection.stale_after_days) {
    findings.push({
      itemId: null, severity: 'warning', code: 'stale',
      message: `已 ${days} 天未更新或核对（巡检提醒周期 ${collection.stale_after_days} 天）`,
      suggestedFix: '逐条核对内容并更新；内容仍然准确时，点击“已核对，内容仍准确”。',
    });
  }
  return findings;
}
