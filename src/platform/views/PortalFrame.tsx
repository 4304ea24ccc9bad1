import type { ComponentChildren } from 'preact';
import { AccountLinks, type HeaderAccount } from './AccountLinks.js';
import { Document } from './Document.js';

export interface FrameSite {
  name: string;
  columns: { slug: string; title: string }[];
  footer: { sponsor: string; siteCode: string; icp: string; psb: string; phone: string; address: string; email: string };
}

/** An ideographic space, the customary separator in Chinese footers. */
const gap = '\u3000';

export interface Crumb {
  label: string;
  href?: string;
}

function PrefsBar(props: { returnTo: string }) {
  const back = encodeURIComponent(props.returnTo);
  return (
    <div class="prefs-bar" aria-label="显示设置">
      <a class="when-normal" href={`/prefs?elderly=1&return=${back}`}>适老模式</a>
      <a class="when-elderly" href={`/prefs?elderly=0&return=${back}`}>退出适老模式</a>
      <span class="font-size-links">
        字号：
        <a href={`/prefs?scale=100&return=${back}`} aria-label="标准字号">标准</a>
        <a href={`/prefs?scale=125&return=${back}`} aria-label="大字号">大</a>
        <a href={`/prefs?scale=150&return=${back}`} aria-label="特大字号">特大</a>
      </span>
      <a href="/accessibility">无障碍说明</a>
    </div>
  );
}

export function PortalFrame(props: {
  site: FrameSite;
  title: string;
  path: string;
  crumbs?: Crumb[];
  activeColumn?: string;
  query?: string;
  /** The signed-in visitor; omitted on pages rendered once for everyone (see AccountLinks). */
  account?: HeaderAccount | null;
  children: ComponentChildren;
}) {
  const { site } = props;
  return (
    <Document title={props.title} siteName={site.name}>
      <a class="skip-link" href="#main">跳到主要内容</a>
      <header class="site-header">
        <div class="topbar">
          <div class="wrap topbar-inner">
            <PrefsBar returnTo={props.path} />
            <AccountLinks account={props.account ?? null} />
          </div>
        </div>
        <div class="wrap masthead">
          <a class="site-name" href="/">
            <span class="emblem" aria-hidden="true">公</span>
            <span>{site.name}</span>
          </a>
          <form class="site-search" method="get" action="/search" role="search">
            <label for="site-search-q" class="visually-hidden">全站搜索</label>
            <input id="site-search-q" name="q" type="search" placeholder="搜索政策文件、解读、办事指南" value={props.query ?? ''} maxLength={100} />
            <button type="submit">搜索</button>
          </form>
        </div>
        <nav class="main-nav" aria-label="主栏目">
          <ul class="wrap">
            <li><a href="/" aria-current={props.activeColumn === 'home' ? 'page' : undefined}>首页</a></li>
            {site.columns.map((c) => (
              <li key={c.slug}>
                <a href={`/column/${c.slug}`} aria-current={props.activeColumn === c.slug ? 'page' : undefined}>{c.title}</a>
              </li>
            ))}
          </ul>
        </nav>
      </header>
      <main id="main" class="wrap main" tabIndex={-1}>
        {props.crumbs && props.crumbs.length > 0 ? (
          <nav class="breadcrumbs" aria-label="当前位置">
            <ol>
              <li><a href="/">首页</a></li>
              {props.crumbs.map((c, i) => (
                <li key={i}>{c.href ? <a href={c.href}>{c.label}</a> : <span aria-current="page">{c.label}</span>}</li>
              ))}
            </ol>
          </nav>
        ) : null}
        {props.children}
      </main>
      <footer class="site-footer">
        <div class="wrap">
          <p class="footer-links">
            <a href="/about">关于本站</a>
            <a href="/sitemap">网站地图</a>
            <a href="/accessibility">无障碍说明</a>
            <a href="/feedback/site-error">我为政府网站找错</a>
          </p>
          <p>主办单位：{site.footer.sponsor}{gap}地址：{site.footer.address}</p>
          <p>联系电话：{site.footer.phone}{site.footer.email ? `${gap}电子邮箱：${site.footer.email}` : ''}</p>
          <p>网站标识码：{site.footer.siteCode}{gap}{site.footer.icp}{gap}{site.footer.psb}</p>
        </div>
      </footer>
    </Document>
  );
}
