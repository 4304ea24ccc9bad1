import type { FastifyInstance } from 'fastify';

export interface RouteEntry {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  url: string;
}

/**
 * Every route the app serves, read from Fastify's own route tree (`printRoutes`), so a route added
 * by any module shows up here without anyone updating a list. HEAD (automatic for GET) is left out.
 *
 * The printed tree is a radix tree: each line holds the part of the path after its parent's, e.g.
 *   └── / (GET, HEAD)
 *       ├── console (GET, HEAD)
 *       │   └── /site (GET, HEAD, POST)
 *       │       └── s (GET, HEAD, POST)        ← /console/sites
 */
export function listRoutes(app: FastifyInstance): RouteEntry[] {
  const printed = app.printRoutes({ commonPrefix: false });
  const segments: string[] = [];
  const routes: RouteEntry[] = [];
  for (const line of printed.split('\n')) {
    const match = /^((?:│ {3}| {4})*)[├└]── (.+?)(?: \(([A-Z, ]+)\))?$/.exec(line);
    if (!match) continue;
    const depth = match[1]!.length / 4;
    segments.length = depth;
    segments[depth] = match[2]!;
    const url = segments.join('');
    for (const method of (match[3] ?? '').split(',').map((m) => m.trim()).filter(Boolean)) {
      if (method !== 'HEAD' && method !== 'OPTIONS') routes.push({ method: method as RouteEntry['method'], url });
    }
  }
  if (routes.length === 0) throw new Error(`could not read the route tree:\n${printed}`);
  return routes;
}

/** `GET /console/users/:id` — the key a route is known by in expectation tables. */
export const routeKey = (r: RouteEntry) => `${r.method} ${r.url}`;

/** Fills `:name` parameters from the map; throws when a parameter has no value, so none is missed. */
export function fillParams(url: string, params: Record<string, string | number>): string {
  return url.replace(/:([A-Za-z_]+)/g, (_all, name: string) => {
    const value = params[name];
    if (value === undefined) throw new Error(`no test value for :${name} in ${url}`);
    return encodeURIComponent(String(value));
  });
}
