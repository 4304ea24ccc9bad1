import type { FastifyRequest } from 'fastify';
import type { ComponentChildren } from 'preact';
import type { HeaderAccount } from '../platform/views/AccountLinks.js';
import { PortalFrame, type Crumb } from '../platform/views/PortalFrame.js';

/** The header's greeting for a signed-in visitor, or null. */
export function headerAccount(request: FastifyRequest): HeaderAccount | null {
  const viewer = request.viewer;
  return viewer ? { name: viewer.name, kind: viewer.kind, csrf: request.csrfToken() } : null;
}

export function portalPage(
  request: FastifyRequest,
  opts: { title: string; crumbs?: Crumb[]; activeColumn?: string; query?: string },
  children: ComponentChildren,
) {
  return (
    <PortalFrame
      site={request.site}
      title={opts.title}
      path={request.url}
      crumbs={opts.crumbs}
      activeColumn={opts.activeColumn}
      query={opts.query}
      account={headerAccount(request)}
    >
      {children}
    </PortalFrame>
  );
}
