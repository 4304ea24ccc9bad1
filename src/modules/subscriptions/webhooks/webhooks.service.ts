import { appendAudit, type AuditActor } from '../../../platform/audit/audit.service.js';
import type { Database } from '../../../platform/db/database.js';
import { openSecret, sealSecret } from '../../../platform/notify/secret-box.js';
import { fieldErrors, invalid, ok, type Outcome } from '../../../platform/outcome.js';
import { randomToken } from '../../../platform/tokens.js';
import { classifyPost, postSigned, SECRET_PURPOSE } from './webhook-channel.js';
import { endpointSchema } from './webhooks.schemas.js';
import * as store from './webhooks.store.js';

/*
 * Registering, re-keying, re-enabling and deleting webhook endpoints, each audited in the same
 * transaction. The signing secret is returned once, at creation or rotation; only its sealed
 * form is stored (it must be readable again to sign).
 */

export interface WebhookContext {
  database: Database;
  secret: string;
  allowPrivate: boolean;
  timeoutMs: number;
}

const newSigningSecret = () => `whsec_${randomToken(32)}`;

export async function registerEndpoint(
  ctx: WebhookContext, scope: { siteId: number; ownerAccountId: number | null }, raw: Record<string, unknown>, actor: AuditActor,
): Promise<Outcome<{ id: number; signingSecret: string }>> {
  const parsed = endpointSchema(ctx.allowPrivate).safeParse(raw);
  if (!parsed.success) return invalid(fieldErrors(parsed.error.issues));
  const v = parsed.data;
  const signingSecret = newSigningSecret();
  const id = await ctx.database.db.transaction().execute(async (trx) => {
    const endpointId = await store.insertEndpoint(trx, {
      site_id: scope.siteId, owner_account_id: scope.ownerAccountId, name: v.name, url: v.url, secret_enc: sealSecret(ctx.secret, SECRET_PURPOSE, signingSecret),
      criterion: v.criterion || null, value: v.criterion ? v.value : null,
    });
    await appendAudit(trx, actor, {
      action: 'webhook.create', targetType: 'webhook_endpoint', targetId: endpointId, summary: `登记推送接口「${v.name}」（${v.url}）`,
      detail: { url: v.url, criterion: v.criterion || null, value: v.value || null, ownerAccountId: scope.ownerAccountId },
    });
    return endpointId;
  });
  return ok({ id, signingSecret });
}

export async function rotateSecret(ctx: WebhookContext, endpoint: store.EndpointRow, actor: AuditActor): Promise<string> {
  const signingSecret = newSigningSecret();
  await ctx.database.db.transaction().execute(async (trx) => {
    await store.setSecret(trx, endpoint.id, sealSecret(ctx.secret, SECRET_PURPOSE, signingSecret));
    await appendAudit(trx, actor, { action: 'webhook.rotate_secret', targetType: 'webhook_endpoint', targetId: endpoint.id, summary: `重置推送接口「${endpoint.name}」的签名密钥` });
  });
  return signingSecret;
}

export async function reenableEndpoint(ctx: WebhookContext, endpoint: store.EndpointRow, actor: AuditActor): Promise<void> {
  await ctx.database.db.transaction().execute(async (trx) => {
    await store.enableEndpoint(trx, endpoint.id);
    await appendAudit(trx, actor, {
      action: 'webhook.enable', targetType: 'webhook_endpoint', targetId: endpoint.id, summary: `重新启用推送接口「${endpoint.name}」`,
      detail: { disabledReason: endpoint.disabled_reason },
    });
  });
}

export async function removeEndpoint(ctx: WebhookContext, endpoint: store.EndpointRow, actor: AuditActor): Promise<void> {
  await ctx.database.db.transaction().execute(async (trx) => {
    await store.deleteEndpoint(trx, endpoint.id);
    await appendAudit(trx, actor, { action: 'webhook.delete', targetType: 'webhook_endpoint', targetId: endpoint.id, summary: `删除推送接口「${endpoint.name}」（${endpoint.url}）` });
  });
}

/** 发送测试: a signed sample sent at once; it does not count towards disabling the endpoint. */
export async function sendTest(ctx: WebhookContext, endpoint: store.EndpointRow, siteName: string, actor: AuditActor): Promise<{ ok: boolean; message: string }> {
  const signingSecret = openSecret(ctx.secret, SECRET_PURPOSE, endpoint.secret_enc);
  if (!signingSecret) return { ok: false, message: '签名密钥无法解密，请先重置密钥。' };
  const body = {
    id: 0, event: 'test', title: `${siteName}推送接口测试`, url: '', summary: '这是一条测试消息，用于检查接收地址和签名校验是否正常。', payload: { test: true }, sentAt: new Date().toISOString(),
  };
  const outcome = classifyPost(await postSigned(endpoint.url, signingSecret, body, ctx, new AbortController().signal));
  const message = outcome.ok ? '接收端已确认收到（HTTP 2xx）。' : `发送失败：${'error' in outcome ? outcome.error : outcome.reason}`;
  await ctx.database.db.transaction().execute(async (trx) => {
    await appendAudit(trx, actor, { action: 'webhook.test', targetType: 'webhook_endpoint', targetId: endpoint.id, summary: `向推送接口「${endpoint.name}」发送测试：${message}`.slice(0, 300) });
  });
  return { ok: outcome.ok, message };
}
