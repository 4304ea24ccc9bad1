import { sql } from 'kysely';
import type { Queryable } from '../db/database.js';
import type { ChannelSender, OutgoingNotice } from './channel.js';
import type { SmsProvider } from './sms/provider.js';

/*
 * SMS: only for 服务类政策 (people pay attention to texts; they are not for every notice), at most
 * `dailyCap` a Beijing calendar day per number, one 70-character segment where the link allows.
 * The cap counts sent deliveries; two workers racing on the same number may exceed it by one,
 * which is tolerable for a courtesy limit and cheaper than a lock per number.
 */

export const SMS_SEGMENT = 70;

const MOBILE = /^1[3-9]\d{9}$/;

export function normalizeMobile(address: string): string | undefined {
  const digits = address.replace(/[\s-]/g, '').replace(/^(\+86|0086)/, '');
  return MOBILE.test(digits) ? digits : undefined;
}

/** 00:00 today in Beijing (UTC+8, no daylight saving), as the UTC ISO string stored in sent_at. */
export function beijingDayStart(now = new Date()): string {
  const date = new Date(now.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
  return new Date(`${date}T00:00:00+08:00`).toISOString();
}

/** "站点：标题 详见 链接", the title shortened so the whole fits one segment (the signature included). */
export function composeSms(notice: Pick<OutgoingNotice, 'siteName' | 'title' | 'url'>, signName = ''): { text: string; title: string } {
  const prefix = `${notice.siteName}：`;
  const suffix = ` 详见 ${notice.url}`;
  const signature = signName ? signName.length + 2 : 0;
  const room = Math.max(SMS_SEGMENT - signature - prefix.length - suffix.length, 12);
  const chars = [...notice.title];
  const title = chars.length <= room ? notice.title : `${chars.slice(0, room - 1).join('')}…`;
  return { text: `${prefix}${title}${suffix}`, title };
}

export async function smsSentToday(db: Queryable, address: string, exceptDeliveryId: number, now = new Date()): Promise<number> {
  const row = await db
    .selectFrom('deliveries')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    // Word for word the WHERE of the partial index deliveries_sms_sent (SQLite matches it as text).
    .where(sql.raw<boolean>("channel = 'sms' AND status = 'sent'"))
    .where('address', '=', address)
    .where('sent_at', '>=', beijingDayStart(now))
    .where('id', '!=', exceptDeliveryId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export function createSmsSender(options: { provider: SmsProvider; dailyCap: number; ratePerSecond: number; signName?: string }): ChannelSender {
  return {
    channel: 'sms',
    ratePerSecond: options.ratePerSecond,
    async send(notice, { db, signal }) {
      if (!notice.serviceType) return { ok: false, skipped: true, reason: '短信仅用于服务类政策' };
      const phone = normalizeMobile(notice.address);
      if (!phone) return { ok: false, retry: false, error: `手机号码无效：${notice.address.slice(0, 20)}` };
      if ((await smsSentToday(db, notice.address, notice.deliveryId)) >= options.dailyCap) {
        return { ok: false, skipped: true, reason: `已达每个号码每日 ${options.dailyCap} 条短信的上限` };
      }
      const { text, title } = composeSms(notice, options.signName);
      const params = { site: notice.siteName, title: [...title].slice(0, 35).join(''), link: notice.url };
      const result = await options.provider.send({ phone, text, params, outId: String(notice.deliveryId) }, signal);
      return result.ok ? { ok: true, providerMessageId: result.messageId } : result;
    },
  };
}
