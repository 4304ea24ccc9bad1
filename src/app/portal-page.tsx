import type { FastifyRequest } from 'fastify';
import type { ComponentChildren } from 'preact';
import { PortalFrame, type Crumb } from '../platform/views/PortalFrame.js';

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
    >
      {children}
    </PortalFrame>
  );
}
