export const FINDING_TYPES = ['id_card', 'mobile', 'bank_card', 'email', 'secret_mark', 'sensitive_term'] as const;
export type FindingType = (typeof FINDING_TYPES)[number];

/**
 * One piece of sensitive data in a scanned text. `start`/`end` are UTF-16 code-unit offsets
 * (plain JavaScript string indices, end exclusive) into the text that was scanned, so
 * `text === scanned.slice(start, end)`; an emoji counts as two, a full-width digit as one.
 */
export interface Finding {
  type: FindingType;
  start: number;
  end: number;
  text: string;
  masked: string;
}

/** A match before it gets its text and mask. */
export interface Span {
  type: FindingType;
  start: number;
  end: number;
}
