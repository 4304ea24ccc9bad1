import { documentTypes, interpretationForms, validityStates, type DocumentType, type InterpretationForm, type Validity } from '../documents.vocabulary.js';

/** Presentation helpers shared by the public pages, feeds and search of the policy library. */

const SHANGHAI_MS = 8 * 3_600_000;

/** A timestamp as its calendar date in Beijing time (YYYY-MM-DD); '' for none. */
export const shanghaiDate = (iso: string | null | undefined): string => {
  if (!iso) return '';
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? '' : new Date(ms + SHANGHAI_MS).toISOString().slice(0, 10);
};

/** The first instant of a Beijing-time year, as the ISO text the tables store. */
export const shanghaiYearStart = (year: number): string => new Date(Date.UTC(year, 0, 1) - SHANGHAI_MS).toISOString();

export const typeLabel = (type: string): string => documentTypes[type as DocumentType] ?? type;
export const validityLabel = (validity: string): string => validityStates[validity as Validity] ?? validity;
export const formLabel = (form: string | null): string => (form ? (interpretationForms[form as InterpretationForm] ?? form) : '');

/** 规章, 行政规范性文件 and 其他文件 carry a 效力状态 that matters to the public. */
export const isPolicyType = (type: string): boolean => type === 'regulation' || type === 'normative' || type === 'other';

export const issuersOf = (json: string): string[] => {
  try {
    const list = JSON.parse(json) as unknown;
    return Array.isArray(list) ? list.filter((x): x is string => typeof x === 'string') : [];
  } catch {
    return [];
  }
};

export function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} 字节`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

const kindByType: Record<string, string> = {
  'application/pdf': 'PDF',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'Word',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': 'Excel',
  'image/png': 'PNG 图片',
  'image/jpeg': 'JPEG 图片',
  'image/gif': 'GIF 图片',
  'image/webp': 'WebP 图片',
};
export const fileKind = (contentType: string): string => kindByType[contentType] ?? '文件';
