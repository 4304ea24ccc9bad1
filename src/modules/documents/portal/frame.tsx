import type { FastifyRequest } from 'fastify';
import type { ComponentChildren } from 'preact';
import { PortalFrame, type Crumb } from '../../../platform/views/PortalFrame.js';
import { renderDocument } from '../../../platform/views/render.js';

/**
 * A portal page rendered to a string with an explicit path (the 适老模式 / 字号 links return to
 * it), so that the same page is the same bytes whatever query string the request carried.
 */
export function renderLibraryPage(
  request: FastifyRequest,
  opts: { title: string; path: string; crumbs?: Crumb[]; activeColumn?: string; query?: string },
  children: ComponentChildren,
): string {
  return renderDocument(
    <PortalFrame site={request.site} title={opts.title} path={opts.path} crumbs={opts.crumbs} activeColumn={opts.activeColumn} query={opts.query}>
      {children}
    </PortalFrame>,
  );
}

/** The account whose 定向公开 documents the visitor may see: a signed-in member of the public, else null. */
export function publicViewerId(request: FastifyRequest): number | null {
  const viewer = request.viewer;
  return viewer && viewer.kind !== 'staff' ? viewer.id : null;
}
