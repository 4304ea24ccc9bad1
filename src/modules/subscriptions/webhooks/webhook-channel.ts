import type { Logger } from 'pino';
import { appendAudit } from '../../../platform/audit/audit.service.js';
import type { Queryable } from '../../../platform/db/database.js';
import type { Mailer } from '../../../platform/mail/mailer.js';
import type { ChannelSender, OutgoingNotice, SendOutcome } from '../../../platform/notify/channel.js';
import { openSecret } from '../../../platform/notify/secret-box.js';
import { postJson, signWebhook, type PostResult } from '../../../platform/notify/webhook.js';
import { deliverToInbox } from '../../space/inbox.store.js';
import * as store from './webhooks.store.js';

/*
 * The webhook channel: `notice.address` is the endpoint id. Every failure (retryable or not)
 * counts towards `consecutive_failures`; a success resets it; at `maxFailures` the endpoint is
 * disabled and its owner told (inbox + e-mail for an organisation, an audit entry for the
 * site's own), and later deliveries to it are skipped rather than retried for ever.
 */

export const SECRET_PURPOSE = 'webhook-secret';

export interface WebhookOptions {
  secret: string;
  mailer: Mailer;
  logger: Logger;
  timeoutMs: number;
  maxFailures: number;
  allowPrivate: boolean;
  ratePerSecond: number;
  publicUrl: string | undefined;
}

export interface WebhookBody {
  id: number;
  event: string;
  title: string;
  url: string;
  summary: string;
  payload: unknown;
  sentAt: string;
}

/** Sign and POST one body; used by the channel and by the console's 发送测试. */
export async function postSigned(url: string, signingSecret: string, body: WebhookBody, options: Pick<WebhookOptions, 'timeoutMs' | 'allowPrivate'>, signal: AbortSignal): Promise<PostResult> {
  const json = JSON.stringify(body);
  const timestamp = String(Math.floor(Date.now() / 1000));
  const headers = { 'X-Gongkai-Delivery': String(body.id), 'X-Gongkai-Timestamp': timestamp, 'X-Gongkai-Signature': signWebhook(signingSecret, timestamp, json) };
  return postJson(url, json, headers, { ...options, signal });
}

export function classifyPost(result: PostResult): SendOutcome {
  if ('error' in result) return { ok: false, retry: !result.refused, error: result.error };
  if (result.status >= 200 && result.status < 300) return { ok: true };
  const permanent = result.status >= 400 && result.status < 500 && result.status !== 408 && result.status !== 429;
  return { ok: false, retry: !permanent, error: `HTTP ${result.status}${result.body ? `：${result.body.slice(0, 200)}` : ''}` };
}

const inTransaction = <T>(db: Queryable, work: (trx: Queryable) => Promise<T>): Promise<T> =>
  db.isTransaction ? work(db) : db.transaction().execute(work);

export function createWebhookSender(options: WebhookOptions): ChannelSender {
  async function disable(db: Queryable, endpoint: store.EndpointRow, lastError: string): Promise<void> {
    const reason = `连续 ${options.maxFailures} 次推送失败（最近一次：${lastError.slice(0, 200)}）`;
    const owner = await inTransaction(db, async (trx) => {
      if (!(await store.disableEndpoint(trx, endpoint.id, reason))) return undefined;
      await appendAudit(trx, { id: null, label: '系统', ip: '-', siteId: endpoint.site_id }, {
        action: 'webhook.disable', targetType: 'webhook_endpoint', targetId: endpoint.id, summary: `停用推送接口「${endpoint.name}」：${reason}`,
        detail: { url: endpoint.url, ownerAccountId: endpoint.owner_account_id },
      });
      if (endpoint.owner_account_id === null) return undefined;
      const account = await store.findAccountContact(trx, endpoint.owner_account_id);
      if (!account) return undefined;
      await deliverToInbox(trx, {
        siteId: endpoint.site_id, accountId: account.id, category: '系统通知', title: `推送接口「${endpoint.name}」已停用`,
        body: `您登记的推送接口 ${endpoint.url} ${reason}，已自动停用，之后的政策不再推送到该地址。\n请检查接收端后，在“第三方推送接口”页面重新启用。`,
        link: '/space/webhooks',
      });
      return account;
    });
    if (owner?.email) {
      const link = options.publicUrl ? `${options.publicUrl.replace(/\/+$/, '')}/space/webhooks` : '企业专属空间 → 第三方推送接口';
      const text = `${owner.name}，您好：\n\n您登记的推送接口「${endpoint.name}」（${endpoint.url}）${reason}，已自动停用。\n请检查接收端后重新启用：${link}\n`;
      // The endpoint is already off and the inbox told; a mail failure must not undo that.
      await options.mailer.send({ to: owner.email, subject: `推送接口「${endpoint.name}」已停用`, text }).catch((error: unknown) => {
        options.logger.warn({ err: error, endpointId: endpoint.id }, '停用推送接口的通知邮件发送失败');
      });
    }
  }

  return {
    channel: 'webhook',
    ratePerSecond: options.ratePerSecond,
    async send(notice: OutgoingNotice, { db, signal }) {
      const id = /^\d{1,10}$/.test(notice.address) ? Number(notice.address) : undefined;
      const endpoint = id === undefined ? undefined : await store.findEndpoint(db, id);
      if (!endpoint) return { ok: false, skipped: true, reason: '推送接口已删除' };
      if (endpoint.status !== 'active') return { ok: false, skipped: true, reason: '推送接口已停用' };
      const signingSecret = openSecret(options.secret, SECRET_PURPOSE, endpoint.secret_enc);
      if (!signingSecret) return { ok: false, retry: false, error: '签名密钥无法解密（安装密钥已更换？请为该接口重置密钥）' };

      const body: WebhookBody = {
        id: notice.deliveryId, event: notice.category, title: notice.title, url: notice.url, summary: notice.summary, payload: notice.payload, sentAt: new Date().toISOString(),
      };
      const outcome = classifyPost(await postSigned(endpoint.url, signingSecret, body, options, signal));
      if (outcome.ok) {
        if (endpoint.consecutive_failures > 0) await store.resetFailures(db, endpoint.id);
        return outcome;
      }
      const failures = await store.countFailure(db, endpoint.id);
      if (failures >= options.maxFailures && 'error' in outcome) await disable(db, endpoint, outcome.error);
      return outcome;
    },
  };
}
