import type { VNode } from 'preact';
import { renderToString } from 'preact-render-to-string';

/** Server-side rendering: Preact escapes every interpolated value, so pages are safe by default. */
export function renderDocument(page: VNode): string {
  return `<!DOCTYPE html>${renderToString(page)}`;
}
