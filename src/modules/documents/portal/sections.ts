import type { DocumentType, InterpretationForm } from '../documents.vocabulary.js';
import type { ListFilters } from './public-store.js';

/*
 * Which documents a column section lists, by the section's title (the titles an administrator
 * gives sections in the console; see sites/default-columns.ts). A section whose title is not
 * here lists nothing and keeps its description.
 */
const sectionTypes: Record<string, { types: DocumentType[]; form?: InterpretationForm }> = {
  规章: { types: ['regulation'] },
  行政规范性文件: { types: ['normative'] },
  规范性文件: { types: ['normative'] },
  其他文件: { types: ['other'] },
  通知公告: { types: ['notice'] },
  政策解读: { types: ['interpretation'] },
  规划信息: { types: ['planning'] },
  文字解读: { types: ['interpretation'], form: 'text' },
  图解: { types: ['interpretation'], form: 'graphic' },
  问答: { types: ['interpretation'], form: 'qa' },
  视频解读: { types: ['interpretation'], form: 'video' },
};

export function sectionFilter(title: string): ListFilters | undefined {
  const found = sectionTypes[title.trim()];
  return found ? { types: found.types, ...(found.form ? { form: found.form } : {}) } : undefined;
}

/** The library list showing what a section lists. */
export function listHref(filters: ListFilters): string {
  const params = new URLSearchParams();
  if (filters.types?.length === 1) params.set('type', filters.types[0]!);
  if (filters.form) params.set('form', filters.form);
  if (filters.theme) params.set('theme', filters.theme);
  if (filters.validity) params.set('validity', filters.validity);
  if (filters.year) params.set('year', String(filters.year));
  const query = params.toString();
  return query ? `/documents?${query}` : '/documents';
}

/** Every type a column's sections list (for the home page), in section order. */
export function columnFilter(sections: { title: string }[]): ListFilters | undefined {
  const types = new Set<DocumentType>();
  for (const s of sections) for (const t of sectionFilter(s.title)?.types ?? []) types.add(t);
  return types.size ? { types: [...types] } : undefined;
}

/** The column whose sections list documents of this type (to highlight it in the menu). */
export function columnOfType(columns: { slug: string; sections: { title: string }[] }[], type: string): string | undefined {
  return columns.find((c) => c.sections.some((s) => (sectionFilter(s.title)?.types as string[] | undefined)?.includes(type)))?.slug;
}
