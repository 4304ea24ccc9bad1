/*
 * The few DOM shapes the e2e tests read inside page.evaluate(). The project compiles without the
 * "dom" lib (it is a Node code base), so the browser-side callbacks cast `globalThis` to these
 * instead of pulling DOM types into every source file.
 */

export interface DomStyle {
  fontSize: string;
  lineHeight: string;
  display: string;
  getPropertyValue(name: string): string;
}

export interface DomElement {
  tagName: string;
  id: string;
  textContent: string | null;
  getAttribute(name: string): string | null;
  hasAttribute(name: string): boolean;
  querySelector(selector: string): DomElement | null;
  querySelectorAll(selector: string): ArrayLike<DomElement>;
  closest(selector: string): DomElement | null;
}

export interface DomField extends DomElement {
  type: string;
  name: string;
  labels: ArrayLike<DomElement> | null;
}

export interface DomDocument {
  documentElement: DomElement;
  body: DomElement;
  scrollingElement: { scrollWidth: number; clientWidth: number } | null;
  activeElement: DomElement | null;
  querySelector(selector: string): DomElement | null;
  querySelectorAll(selector: string): ArrayLike<DomElement>;
  getElementById(id: string): DomElement | null;
}

export interface DomWindow {
  document: DomDocument;
  innerWidth: number;
  getComputedStyle(element: DomElement): DomStyle;
}
