import type { Queryable } from '../../../platform/db/database.js';
import { documentTypeCodes, documentTypes, themes } from '../../documents/documents.vocabulary.js';
import { publicIssuers } from '../../documents/portal/public-store.js';
import type { Criterion } from '../notify-event.js';
import { tagCategories, type TagCategory } from '../subscriptions.vocabulary.js';
import { tagVocabulary } from '../tags/tags.service.js';

/** The values one may subscribe to: themes and types from the library's vocabulary, tags in use, issuers that have published. */
export async function valueOptions(db: Queryable, siteId: number) {
  const [tags, issuers] = await Promise.all([tagVocabulary(db, siteId), publicIssuers(db, siteId)]);
  return {
    theme: themes.map((t) => ({ value: t, label: t })),
    type: documentTypeCodes.map((t) => ({ value: t, label: documentTypes[t] })),
    tag: tags.filter((t) => !t.retired_at).map((t) => ({ value: t.label, label: `${tagCategories[t.category as TagCategory] ?? t.category} · ${t.label}` })),
    issuer: issuers.map((i) => ({ value: i, label: i })),
  };
}
export type ValueOptions = Awaited<ReturnType<typeof valueOptions>>;

/** Why a value cannot be subscribed to (in Chinese), or undefined when it can. */
export async function checkValue(db: Queryable, siteId: number, criterion: Criterion, value: string): Promise<string | undefined> {
  switch (criterion) {
    case 'theme':
      return (themes as readonly string[]).includes(value) ? undefined : '请从列表中选择主题';
    case 'type':
      return (documentTypeCodes as string[]).includes(value) ? undefined : '请从列表中选择文件类型';
    case 'tag': {
      const tags = await tagVocabulary(db, siteId);
      return tags.some((t) => t.label === value && !t.retired_at) ? undefined : '请从列表中选择标签（该标签不存在或已停用）';
    }
    case 'issuer':
      return (await publicIssuers(db, siteId)).includes(value) ? undefined : '请从列表中选择发文机关（本站尚无该机关发布的文件）';
    case 'keyword':
      return undefined;
  }
}
