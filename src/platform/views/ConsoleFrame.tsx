import type { ComponentChildren } from 'preact';
import { Document } from './Document.js';

export interface ConsoleNavItem {
  href: string;
  label: string;
}

export function ConsoleFrame(props: {
  siteName: string;
  title: string;
  viewerName: string;
  viewerRoles: string;
  csrfToken: string;
  nav: ConsoleNavItem[];
  path: string;
  children: ComponentChildren;
}) {
  // The longest menu entry that prefixes the path is the current one (/console/site vs /console/sites).
  const currentHref = props.nav
    .filter((n) => props.path === n.href || props.path.startsWith(`${n.href}/`))
    .sort((a, b) => b.href.length - a.href.length)[0]?.href;
  return (
    <Document title={props.title} siteName={`${props.siteName}·管理后台`} bodyClass="console">
      <a class="skip-link" href="#main">跳到主要内容</a>
      <header class="console-header">
        <div class="console-brand"><a href="/console">{props.siteName} · 政务公开管理后台</a></div>
        <div class="console-user">
          <span>{props.viewerName}（{props.viewerRoles}）</span>
          <form method="post" action="/logout" class="inline-form">
            <input type="hidden" name="_csrf" value={props.csrfToken} />
            <button type="submit" class="link-button">退出</button>
          </form>
        </div>
      </header>
      <div class="console-body">
        <nav class="console-nav" aria-label="后台菜单">
          <ul>
            {props.nav.map((item) => {
              const current = item.href === currentHref;
              return (
                <li key={item.href}><a href={item.href} aria-current={current ? 'page' : undefined}>{item.label}</a></li>
              );
            })}
            <li><a href="/">查看门户网站</a></li>
          </ul>
        </nav>
        <main id="main" class="console-main" tabIndex={-1}>
          <h1>{props.title}</h1>
          {props.children}
        </main>
      </div>
    </Document>
  );
}
