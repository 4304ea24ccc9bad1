import { invalid, ok, type FieldErrors, type Outcome } from '../../platform/outcome.js';
import type { SiteColumn } from './sites.schemas.js';

export const MAX_COLUMNS = 12;
const slugPattern = /^[a-z][a-z0-9-]{1,31}$/;

const text = (v: unknown) => (typeof v === 'string' ? v.trim() : '');

/** The columns editor posts flat fields c0.title, c0.slug, c0.description, c0.sections (one "名称：说明" per line). */
export function parseColumnsForm(body: Record<string, unknown>): Outcome<SiteColumn[]> {
  const columns: SiteColumn[] = [];
  const errors: FieldErrors = {};
  for (let i = 0; i < MAX_COLUMNS; i++) {
    const title = text(body[`c${i}.title`]);
    const slug = text(body[`c${i}.slug`]).toLowerCase();
    const description = text(body[`c${i}.description`]);
    const sectionsText = text(body[`c${i}.sections`]);
    if (!title) {
      if (slug || description || sectionsText) errors[`c${i}.title`] = '请填写栏目名称，或清空本组以删除栏目';
      continue;
    }
    if (title.length < 2 || title.length > 20) errors[`c${i}.title`] = '栏目名称为 2–20 个字';
    if (!slugPattern.test(slug)) errors[`c${i}.slug`] = '栏目代号为 2–32 位小写字母、数字或连字符，以字母开头';
    else if (columns.some((c) => c.slug === slug)) errors[`c${i}.slug`] = '栏目代号重复';
    if (description.length > 200) errors[`c${i}.description`] = '栏目说明不超过 200 字';
    const sections = sectionsText
      .split(/\r?\n/)
      .map((line) => line.trim())
      .filter(Boolean)
      .map((line) => {
        const [name = '', ...rest] = line.split(/[:：]/);
        return { title: name.trim(), description: rest.join('：').trim() };
      });
    if (sections.some((s) => !s.title || s.title.length > 40)) errors[`c${i}.sections`] = '每行一个分栏，分栏名称 1–40 个字';
    columns.push({ slug, title, description, sections });
  }
  if (columns.length === 0 && Object.keys(errors).length === 0) errors['c0.title'] = '至少保留一个栏目';
  return Object.keys(errors).length > 0 ? invalid(errors) : ok(columns);
}

export function columnsToForm(columns: SiteColumn[]): Record<string, string> {
  const values: Record<string, string> = {};
  columns.forEach((c, i) => {
    values[`c${i}.title`] = c.title;
    values[`c${i}.slug`] = c.slug;
    values[`c${i}.description`] = c.description;
    values[`c${i}.sections`] = c.sections.map((s) => (s.description ? `${s.title}：${s.description}` : s.title)).join('\n');
  });
  return values;
}
