import type { FastifyRequest } from 'fastify';
import { forbidden, SignInRequired } from '../platform/http/errors.js';
import type { Viewer } from '../modules/accounts/accounts.service.js';
import type { StaffRole } from '../modules/accounts/roles.js';

/** The console: staff of this site (or a platform administrator) holding one of the roles. */
export function requireStaff(request: FastifyRequest, roles?: StaffRole[]): Viewer {
  const viewer = request.viewer;
  if (!viewer) throw new SignInRequired(`/console/login?next=${encodeURIComponent(request.url)}`);
  if (viewer.kind !== 'staff') throw forbidden('后台仅限工作人员使用。');
  if (viewer.siteId !== request.site.id && !viewer.isPlatformAdmin) throw forbidden('您的账号不属于本站点。');
  if (roles && !viewer.isPlatformAdmin && !roles.some((r) => viewer.roles.includes(r))) {
    throw forbidden('您的角色无权使用此功能。如需开通，请联系系统管理员。');
  }
  return viewer;
}

export function requirePlatformAdmin(request: FastifyRequest): Viewer {
  const viewer = requireStaff(request);
  if (!viewer.isPlatformAdmin) throw forbidden('仅平台管理员可管理站点。');
  return viewer;
}

/** The personal / enterprise space: a signed-in member of the public. */
export function requirePublicUser(request: FastifyRequest): Viewer {
  const viewer = request.viewer;
  if (!viewer) throw new SignInRequired(`/login?next=${encodeURIComponent(request.url)}`);
  if (viewer.kind === 'staff') throw forbidden('工作人员账号请使用管理后台；个人/企业空间供公众账号使用。');
  return viewer;
}

/** A `next` parameter is followed only when it is a path on this site. */
export function safeNext(next: unknown, fallback: string): string {
  // Browsers drop tabs and newlines from URLs, so "/\t/evil.example" would become "//evil.example":
  // refuse any control character or space, then require one leading slash not followed by / or \.
  // eslint-disable-next-line no-control-regex
  return typeof next === 'string' && !/[\x00-\x20\x7f]/.test(next) && /^\/(?![/\\])/.test(next) ? next : fallback;
}
