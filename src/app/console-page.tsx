import type { FastifyRequest } from 'fastify';
import type { ComponentChildren } from 'preact';
import { ConsoleFrame, type ConsoleNavItem } from '../platform/views/ConsoleFrame.js';
import { roleLabels } from '../modules/accounts/accounts.service.js';
import type { StaffRole } from '../modules/accounts/roles.js';

interface ConsoleMenuEntry extends ConsoleNavItem {
  roles?: StaffRole[];
  platformAdmin?: boolean;
}

/** The console menu: each entry shows only for the roles that may use it (routes check again). */
const menu: ConsoleMenuEntry[] = [
  { href: '/console', label: '工作台' },
  { href: '/console/documents', label: '政策文件库', roles: ['editor', 'reviewer', 'confidentiality', 'disclosure_office', 'head', 'admin'] },
  { href: '/console/collections', label: '主题库', roles: ['editor', 'reviewer', 'admin'] },
  { href: '/console/interpretation-scores', label: '解读评审', roles: ['expert', 'reviewer', 'admin'] },
  { href: '/console/applications', label: '依申请公开', roles: ['disclosure_office', 'handler', 'head', 'admin'] },
  { href: '/console/reply-templates', label: '答复口径', roles: ['disclosure_office', 'admin'] },
  { href: '/console/appeals', label: '复议诉讼', roles: ['disclosure_office', 'admin'] },
  { href: '/console/reports', label: '年度报告', roles: ['disclosure_office', 'admin', 'head'] },
  { href: '/console/pushes', label: '精准推送', roles: ['editor', 'reviewer', 'head', 'admin'] },
  { href: '/console/relay-packages', label: '政策知识点', roles: ['editor', 'reviewer', 'admin'] },
  { href: '/console/deliveries', label: '推送投递', roles: ['admin'] },
  { href: '/console/webhooks', label: '第三方推送接口', roles: ['admin'] },
  { href: '/console/audience-tags', label: '受众标签', roles: ['admin'] },
  { href: '/console/subscription-settings', label: '订阅设置', roles: ['admin'] },
  { href: '/console/users', label: '用户管理', roles: ['admin'] },
  { href: '/console/departments', label: '处室管理', roles: ['admin'] },
  { href: '/console/calendar', label: '工作日历', roles: ['admin', 'disclosure_office'] },
  { href: '/console/audit', label: '审计日志', roles: ['admin'] },
  { href: '/console/sensitive-terms', label: '敏感词管理', roles: ['admin'] },
  { href: '/console/error-reports', label: '网站纠错', roles: ['admin', 'editor'] },
  { href: '/console/jobs', label: '后台任务', roles: ['admin'] },
  { href: '/console/site/columns', label: '栏目设置', roles: ['admin'] },
  { href: '/console/site', label: '站点设置', roles: ['admin'] },
  { href: '/console/sites', label: '站点群管理', platformAdmin: true },
  { href: '/console/account', label: '我的账号' },
];

export function consolePage(request: FastifyRequest, title: string, children: ComponentChildren) {
  const viewer = request.viewer!;
  const nav = menu.filter((m) =>
    m.platformAdmin ? viewer.isPlatformAdmin : !m.roles || viewer.isPlatformAdmin || m.roles.some((r) => viewer.roles.includes(r)),
  );
  return (
    <ConsoleFrame
      siteName={request.site.name}
      title={title}
      viewerName={viewer.name}
      viewerRoles={viewer.isPlatformAdmin ? `平台管理员${viewer.roles.length ? `、${roleLabels(viewer.roles)}` : ''}` : roleLabels(viewer.roles)}
      csrfToken={request.csrfToken()}
      nav={nav}
      path={request.url.split('?')[0] ?? '/console'}
    >
      {children}
    </ConsoleFrame>
  );
}
