/**
 * Just enough of a browser for a sign-in dance across two servers: fetch with manual redirects,
 * a cookie jar per host (name + path, Max-Age / Expires honoured) and HTML form submission.
 */

interface StoredCookie {
  name: string;
  value: string;
  path: string;
  expires: number | undefined;
}

export interface Page {
  status: number;
  url: URL;
  location: URL | undefined;
  body: string;
}

export interface Step {
  method: 'GET' | 'POST';
  url: URL;
  status: number;
}

function defaultPath(url: URL): string {
  const path = url.pathname;
  if (!path.startsWith('/') || path.lastIndexOf('/') === 0) return '/';
  return path.slice(0, path.lastIndexOf('/'));
}

function pathMatches(requestPath: string, cookiePath: string): boolean {
  if (requestPath === cookiePath) return true;
  if (!requestPath.startsWith(cookiePath)) return false;
  return cookiePath.endsWith('/') || requestPath[cookiePath.length] === '/';
}

const decode = (s: string) => s.replace(/&amp;/g, '&').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>');

export class Browser {
  private readonly jars = new Map<string, Map<string, StoredCookie>>();
  /** Every request made, in order. */
  readonly history: Step[] = [];

  private jar(host: string): Map<string, StoredCookie> {
    let jar = this.jars.get(host);
    if (!jar) this.jars.set(host, (jar = new Map()));
    return jar;
  }

  private store(url: URL, headers: Headers): void {
    const jar = this.jar(url.host);
    for (const line of headers.getSetCookie()) {
      const [pair = '', ...attributes] = line.split(';');
      const eq = pair.indexOf('=');
      if (eq <= 0) continue;
      const cookie: StoredCookie = { name: pair.slice(0, eq).trim(), value: pair.slice(eq + 1).trim(), path: defaultPath(url), expires: undefined };
      let maxAge: number | undefined;
      for (const attribute of attributes) {
        const [key = '', ...rest] = attribute.split('=');
        const value = rest.join('=').trim();
        const name = key.trim().toLowerCase();
        if (name === 'path' && value.startsWith('/')) cookie.path = value;
        else if (name === 'max-age') maxAge = Number(value);
        else if (name === 'expires') cookie.expires = Date.parse(value);
      }
      if (maxAge !== undefined && Number.isFinite(maxAge)) cookie.expires = Date.now() + maxAge * 1000;
      const key = `${cookie.name};${cookie.path}`;
      if (cookie.expires !== undefined && cookie.expires <= Date.now()) jar.delete(key);
      else jar.set(key, cookie);
    }
  }

  private cookieHeader(url: URL): string {
    const now = Date.now();
    return [...this.jar(url.host).values()]
      .filter((c) => (c.expires === undefined || c.expires > now) && pathMatches(url.pathname, c.path))
      .sort((a, b) => b.path.length - a.path.length)
      .map((c) => `${c.name}=${c.value}`)
      .join('; ');
  }

  /** The value of a cookie the browser holds for `origin` (any path). */
  cookie(origin: string, name: string): string | undefined {
    return [...this.jar(new URL(origin).host).values()].find((c) => c.name === name)?.value;
  }

  /** Overwrites (or plants) a cookie, as a user poking at their browser could. */
  setCookie(origin: string, name: string, value: string, path = '/'): void {
    const jar = this.jar(new URL(origin).host);
    for (const [key, c] of jar) if (c.name === name) jar.delete(key);
    jar.set(`${name};${path}`, { name, value, path, expires: undefined });
  }

  async request(method: 'GET' | 'POST', target: string | URL, form?: Record<string, string>): Promise<Page> {
    const url = new URL(target);
    const headers: Record<string, string> = { 'user-agent': 'gongkai-oidc-test' };
    const cookie = this.cookieHeader(url);
    if (cookie) headers.cookie = cookie;
    if (form) headers['content-type'] = 'application/x-www-form-urlencoded';
    const response = await fetch(url, { method, headers, body: form ? new URLSearchParams(form).toString() : undefined, redirect: 'manual' });
    this.store(url, response.headers);
    this.history.push({ method, url, status: response.status });
    const location = response.headers.get('location');
    return { status: response.status, url, location: location ? new URL(location, url) : undefined, body: await response.text() };
  }

  get(target: string | URL): Promise<Page> {
    return this.request('GET', target);
  }

  /** Follows redirects (as GETs) until a page that is not a redirect, or until `stop` says so for the next URL. */
  async follow(page: Page, stop?: (next: URL) => boolean): Promise<Page> {
    let current = page;
    for (let hops = 0; current.status >= 300 && current.status < 400 && current.location; hops++) {
      if (hops > 20) throw new Error(`redirect loop: ${this.history.map((s) => s.url.href).join(' -> ')}`);
      if (stop?.(current.location)) return current;
      current = await this.get(current.location);
    }
    return current;
  }

  /** Submits the first form on the page: its hidden fields plus `fields`, to its action, with its method. */
  async submit(page: Page, fields: Record<string, string> = {}): Promise<Page> {
    const form = /<form\b([^>]*)>([\s\S]*?)<\/form>/i.exec(page.body);
    if (!form) throw new Error(`no form on ${page.url.href}:\n${page.body.slice(0, 500)}`);
    const attributes = form[1] ?? '';
    const action = decode(/\baction="([^"]*)"/i.exec(attributes)?.[1] ?? page.url.href);
    const method = (/\bmethod="([^"]*)"/i.exec(attributes)?.[1] ?? 'get').toUpperCase() === 'POST' ? 'POST' : 'GET';
    const values: Record<string, string> = {};
    for (const input of (form[2] ?? '').matchAll(/<input\b([^>]*)>/gi)) {
      const attrs = input[1] ?? '';
      const name = /\bname="([^"]*)"/i.exec(attrs)?.[1];
      if (!name || !/\btype="hidden"/i.test(attrs)) continue;
      values[decode(name)] = decode(/\bvalue="([^"]*)"/i.exec(attrs)?.[1] ?? '');
    }
    const target = new URL(action, page.url);
    if (method === 'GET') {
      for (const [k, v] of Object.entries({ ...values, ...fields })) target.searchParams.set(k, v);
      return this.get(target);
    }
    return this.request('POST', target, { ...values, ...fields });
  }
}
