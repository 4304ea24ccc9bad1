import type { ComponentChildren } from 'preact';

export function Document(props: { title: string; siteName: string; bodyClass?: string; children: ComponentChildren; description?: string }) {
  return (
    <html lang="zh-CN">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${props.title} - ${props.siteName}`}</title>
        {props.description ? <meta name="description" content={props.description} /> : null}
        <link rel="icon" href="/static/favicon.svg" type="image/svg+xml" />
        <link rel="alternate" type="application/rss+xml" title="最新政策文件（RSS）" href="/feeds/documents.rss" />
        <link rel="alternate" type="application/atom+xml" title="最新政策文件（Atom）" href="/feeds/documents.atom" />
        <link rel="alternate" type="application/feed+json" title="最新政策文件（JSON Feed）" href="/feeds/documents.json" />
        <link rel="stylesheet" href="/static/gongkai.css" />
        {/* Per-visitor display preferences (适老模式, 字号) come from a private stylesheet so the HTML stays cacheable. */}
        <link rel="stylesheet" href="/prefs.css" />
      </head>
      <body class={props.bodyClass}>{props.children}</body>
    </html>
  );
}
