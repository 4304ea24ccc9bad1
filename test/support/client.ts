import type { FastifyInstance } from 'fastify';

/*
 * A tiny browser over app.inject: keeps cookies, finds the CSRF token on a page and posts forms
 * the way a person's browser would. No network, no mocks: every request goes through the real app.
 */

export interface Reply {
  status: number;
  body: string;
  headers: Record<string, string | string[] | number | undefined>;
  location: string | undefined;
  header(name: string): string | undefined;
  json<T = unknown>(): T;
}

export type Form = Record<string, string | string[]>;

export interface ClientOptions {
  /** The Host header (default: localhost, the default site). */
  host?: string;
  /** The client's address as the app sees it. */
  ip?: string;
}

/** The value of the first hidden _csrf field on a page. */
export function csrfOf(html: string): string {
  const match = /name="_csrf" value="([^"]+)"/.exec(html);
  if (!match?.[1]) throw new Error(`no CSRF token on the page:\n${html.slice(0, 400)}`);
  return match[1];
}

/** Page text with tags stripped and common entities decoded, for readable assertions. */
export function textOf(html: string): string {
  return html
    .replace(/<[^>]+>/g, ' ')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ');
}

export function encodeForm(form: Form): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(form)) {
    for (const v of Array.isArray(value) ? value : [value]) params.append(key, v);
  }
  return params.toString();
}

export class Client {
  readonly cookies = new Map<string, string>();
  host: string;
  private readonly ip: string;

  constructor(
    private readonly app: FastifyInstance,
    options: ClientOptions = {},
  ) {
    this.host = options.host ?? 'localhost';
    this.ip = options.ip ?? '127.0.0.1';
  }

  async request(options: { method: 'GET' | 'POST' | 'HEAD'; url: string; headers?: Record<string, string>; payload?: string | Buffer }): Promise<Reply> {
    const cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    const response = await this.app.inject({
      method: options.method,
      url: options.url,
      remoteAddress: this.ip,
      headers: { host: this.host, ...(cookie ? { cookie } : {}), ...options.headers },
      ...(options.payload !== undefined ? { payload: options.payload } : {}),
    });
    this.keepCookies(response.headers['set-cookie']);
    const headers = response.headers as Reply['headers'];
    const header = (name: string) => {
      const value = headers[name.toLowerCase()];
      return value === undefined ? undefined : Array.isArray(value) ? value.join(', ') : String(value);
    };
    return {
      status: response.statusCode,
      body: response.body,
      headers,
      location: header('location'),
      header,
      json: <T>() => JSON.parse(response.body) as T,
    };
  }

  /** Stores cookies as a browser does: the raw (still encoded) value, sent back unchanged. */
  private keepCookies(header: string | string[] | undefined) {
    for (const line of header === undefined ? [] : Array.isArray(header) ? header : [header]) {
      const [pair = '', ...attributes] = line.split(';').map((part) => part.trim());
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq);
      const value = pair.slice(eq + 1);
      const expires = attributes.find((a) => /^expires=/i.test(a));
      const expired =
        value === '' ||
        attributes.some((a) => /^max-age=0$/i.test(a)) ||
        (expires !== undefined && Date.parse(expires.slice(8)) < Date.now());
      if (expired) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }

  get(url: string, headers?: Record<string, string>): Promise<Reply> {
    return this.request({ method: 'GET', url, headers });
  }

  /** Posts a form exactly as given: no CSRF token is added. */
  post(url: string, form: Form, headers?: Record<string, string>): Promise<Reply> {
    return this.request({ method: 'POST', url, headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers }, payload: encodeForm(form) });
  }

  /** The CSRF token this visitor's forms carry, read from a page (sets the anonymous cookie if needed). */
  async csrf(from = '/login'): Promise<string> {
    const page = await this.get(from);
    return csrfOf(page.body);
  }

  /** Opens the page holding the form (`from`, by default the URL itself), then posts with its token. */
  async submit(url: string, form: Form, from = url): Promise<Reply> {
    return this.post(url, { _csrf: await this.csrf(from), ...form });
  }

  async loginStaff(username: string, password: string): Promise<Reply> {
    return this.submit('/console/login', { identifier: username, password });
  }

  async loginPublic(identifier: string, password: string): Promise<Reply> {
    return this.submit('/login', { identifier, password });
  }

  signedIn(): boolean {
    return this.cookies.has('gk_sid');
  }
}
