import { renderToString } from 'preact-render-to-string';

/** Who the header greets: the signed-in account, or nobody. */
export interface HeaderAccount {
  name: string;
  kind: 'staff' | 'person' | 'organization';
  /** The session's CSRF token, for the sign-out form. */
  csrf: string;
}

/*
 * The portal header's account links. Library pages are rendered once for everyone and kept in a
 * render cache and in shared caches, so they carry the anonymous links; a response to a signed-in
 * visitor swaps them for the greeting at send time (withAccountLinks) and is marked private.
 */
export function AccountLinks(props: { account: HeaderAccount | null }) {
  const { account } = props;
  if (!account) {
    return (
      <nav class="account-links" aria-label="账号">
        <a href="/space">个人/企业空间</a>
        <a href="/login">登录</a>
        <a href="/register">注册</a>
      </nav>
    );
  }
  const home = account.kind === 'staff' ? { href: '/console', label: '管理后台' } : { href: '/space', label: account.kind === 'organization' ? '企业空间' : '个人空间' };
  return (
    <nav class="account-links" aria-label="账号">
      <span class="account-greeting">您好，{account.name}</span>
      <a href={home.href}>{home.label}</a>
      <form method="post" action="/logout" class="inline-form">
        <input type="hidden" name="_csrf" value={account.csrf} />
        <button type="submit" class="link-button">退出</button>
      </form>
    </nav>
  );
}

const ANONYMOUS_LINKS = renderToString(<AccountLinks account={null} />);

/** The page with the anonymous links replaced by this account's; unchanged when they are not there. */
export function withAccountLinks(html: string, account: HeaderAccount): string {
  const at = html.indexOf(ANONYMOUS_LINKS);
  if (at < 0) return html;
  return html.slice(0, at) + renderToString(<AccountLinks account={account} />) + html.slice(at + ANONYMOUS_LINKS.length);
}
