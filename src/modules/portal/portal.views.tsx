import type { ListRow } from '../documents/portal/public-store.js';
import { DocumentList } from '../documents/portal/list.views.js';
import type { Site, SiteColumn } from '../sites/sites.schemas.js';

export interface ColumnDocuments {
  column: SiteColumn;
  /** The latest documents of the column's sections; undefined when no section lists documents. */
  docs?: ListRow[];
  more?: string;
}

export function HomePage(props: { site: Site; latest: ListRow[]; columns: ColumnDocuments[] }) {
  return (
    <>
      <h1 class="visually-hidden">{props.site.name}</h1>
      <section class="notice" aria-label="站点说明">
        <p>欢迎访问{props.site.name}政务公开平台。您可以在这里查阅政策文件及其解读、订阅关注的政策、在线申请政府信息公开，并在个人/企业专属空间跟踪办理进度。</p>
      </section>
      <section class="panel latest" aria-labelledby="home-latest">
        <h2 id="home-latest">最新发布</h2>
        <DocumentList docs={props.latest} />
        <p class="meta">
          <a href="/documents">政策文件库</a> · <a href="/policies/current">现行有效的政策文件</a> · 订阅：<a href="/feeds/documents.rss">RSS</a> ·{' '}
          <a href="/feeds/documents.atom">Atom</a> · <a href="/feeds/documents.json">JSON Feed</a>
        </p>
      </section>
      <div class="home-grid">
        {props.columns.map(({ column, docs, more }) => (
          <section class="panel" key={column.slug} aria-labelledby={`col-${column.slug}`}>
            <h2 id={`col-${column.slug}`}><a href={`/column/${column.slug}`}>{column.title}</a></h2>
            {docs ? (
              <>
                <DocumentList docs={docs} empty="本栏目暂无已发布的信息。" />
                {more && docs.length > 0 ? <p class="meta"><a href={more}>更多{column.title}</a></p> : null}
              </>
            ) : (
              <>
                <p class="meta">{column.description}</p>
                <ul>
                  {column.sections.map((s) => (
                    <li key={s.title}>{s.title}</li>
                  ))}
                </ul>
              </>
            )}
          </section>
        ))}
        <section class="panel" aria-labelledby="home-service">
          <h2 id="home-service">便民入口</h2>
          <ul>
            <li><a href="/apply">在线申请政府信息公开</a></li>
            <li><a href="/space">个人/企业专属空间</a></li>
            <li><a href="/register">注册账号</a></li>
            <li><a href="/feedback/site-error">我为政府网站找错</a></li>
            <li><a class="when-normal" href="/prefs?elderly=1&return=%2F">适老模式</a><a class="when-elderly" href="/prefs?elderly=0&return=%2F">退出适老模式</a></li>
          </ul>
        </section>
      </div>
    </>
  );
}

export interface SectionDocuments {
  section: SiteColumn['sections'][number];
  docs?: ListRow[];
  more?: string;
  current?: string;
}

export function ColumnPage(props: { column: SiteColumn; sections: SectionDocuments[] }) {
  return (
    <>
      <h1>{props.column.title}</h1>
      <p class="lede">{props.column.description}</p>
      <div class="home-grid">
        {props.sections.map(({ section, docs, more, current }, i) => (
          <section class="panel" key={section.title} aria-labelledby={`sec-${i}`}>
            <h2 id={`sec-${i}`}>{more ? <a href={more}>{section.title}</a> : section.title}</h2>
            <p class="meta">{section.description}</p>
            {docs ? <DocumentList docs={docs} empty="本栏目暂无已发布的信息。" /> : more ? <p><a href={more}>进入{section.title}</a></p> : <p class="empty">本栏目暂无已发布的信息。</p>}
            {more && docs && docs.length > 0 ? (
              <p class="meta">
                <a href={more}>查看全部<span class="visually-hidden">{section.title}</span></a>
                {current ? <> · <a href={current}>现行有效<span class="visually-hidden">的{section.title}</span></a></> : null}
              </p>
            ) : null}
          </section>
        ))}
      </div>
    </>
  );
}

export function AccessibilityPage() {
  return (
    <>
      <h1>无障碍说明</h1>
      <p>本站按照 GB/T 37668-2019《信息技术 互联网内容无障碍可访问性技术要求与测试方法》和 WCAG 2.1 AA 级建设：</p>
      <ul>
        <li>全部功能可仅用键盘操作，每页提供“跳到主要内容”链接，焦点清晰可见；</li>
        <li>页面在关闭 JavaScript 时仍可阅读和提交表单；</li>
        <li>适老模式：放大字号、加大行距（不低于 1.3 倍）、高对比度，不使用弹窗和图片验证码；</li>
        <li>字号可在“标准 / 大 / 特大”之间切换，设置会被记住；</li>
        <li>表单错误以中文文字提示，并保留您已填写的内容。</li>
      </ul>
      <p>如在使用中遇到障碍，请通过<a href="/feedback/site-error">我为政府网站找错</a>告诉我们。</p>
    </>
  );
}

export function AboutPage(props: { site: Site }) {
  const f = props.site.footer;
  return (
    <>
      <h1>关于本站</h1>
      <table class="data">
        <tbody>
          <tr><th scope="row">网站名称</th><td>{props.site.name}</td></tr>
          <tr><th scope="row">主办单位</th><td>{f.sponsor}</td></tr>
          <tr><th scope="row">网站标识码</th><td>{f.siteCode}</td></tr>
          <tr><th scope="row">ICP 备案号</th><td>{f.icp}</td></tr>
          <tr><th scope="row">公安机关备案号</th><td>{f.psb}</td></tr>
          <tr><th scope="row">地址</th><td>{f.address}</td></tr>
          <tr><th scope="row">联系电话</th><td>{f.phone}</td></tr>
          {f.email ? <tr><th scope="row">电子邮箱</th><td>{f.email}</td></tr> : null}
        </tbody>
      </table>
    </>
  );
}

export function SitemapPage(props: { site: Site }) {
  return (
    <>
      <h1>网站地图</h1>
      <ul>
        <li><a href="/">首页</a></li>
        <li>
          <a href="/documents">政策文件库</a>
          <ul>
            <li><a href="/policies/current">现行有效的政策文件</a></li>
            <li><a href="/search">全站搜索</a></li>
            <li>订阅新发布的文件：<a href="/feeds/documents.rss">RSS</a> · <a href="/feeds/documents.atom">Atom</a> · <a href="/feeds/documents.json">JSON Feed</a></li>
          </ul>
        </li>
        {props.site.columns.map((c) => (
          <li key={c.slug}>
            <a href={`/column/${c.slug}`}>{c.title}</a>
            <ul>{c.sections.map((s) => <li key={s.title}>{s.title}</li>)}</ul>
          </li>
        ))}
        <li><a href="/space">个人/企业专属空间</a></li>
        <li><a href="/feedback/site-error">我为政府网站找错</a></li>
        <li><a href="/accessibility">无障碍说明</a></li>
      </ul>
    </>
  );
}
