import { sql } from 'kysely';
import { nowIso, type Queryable } from '../db/database.js';
import type { ChannelSender, OutgoingNotice } from './channel.js';
import type { SmsProvider } from './sms/provider.js';

/*
 * SMS: only for 服务类政策 (people pay attention to texts; they are not for every notice), at most
 * `dailyCap` a Beijing calendar day per number, one 70-character segment where the link allows.
 * The cap is exact even when workers race: before calling the provider a delivery reserves a slot
 * in sms_daily_quota (an upsert that only increments below the cap) and records its claim in
 * sms_quota_claims, in one transaction. A failed send gives the slot back; a retried delivery
 * that still holds its claim does not take a second one.
 * The counter was not seeded from the deliveries already sent: from the migration on it is the
 * truth, so on the day of the migration a number may receive up to `dailyCap` more.
 */

export const SMS_SEGMENT = 70;

const MOBILE = /^1[3-9]\d{9}$/;

export function normalizeMobile(address: string): string | undefined {
  const digits = address.replace(/[\s-]/g, '').replace(/^(\+86|0086)/, '');
  return MOBILE.test(digits) ? digits : undefined;
}

/** Today's date in Beijing (UTC+8, no daylight saving), YYYY-MM-DD. */
export function beijingDay(now = new Date()): string {
  return new Date(now.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
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

async function inTransaction<T>(db: Queryable, work: (trx: Queryable) => Promise<T>): Promise<T> {
  return db.isTransaction ? work(db) : db.transaction().execute(work);
}

/**
 * Takes one of today's `cap` slots for this number on behalf of the delivery; false when none is
 * left. A delivery that already holds a claim keeps it and takes nothing more.
 */
export async function reserveSmsSlot(db: Queryable, claim: { deliveryId: number; address: string; cap: number; now?: Date }): Promise<boolean> {
  if (claim.cap < 1) return false;
  const day = beijingDay(claim.now);
  return inTransaction(db, async (trx) => {
    const claimed = await trx
      .insertInto('sms_quota_claims')
      .values({ delivery_id: claim.deliveryId, address: claim.address, day, created_at: nowIso() })
      .onConflict((oc) => oc.column('delivery_id').doNothing())
      .returning('delivery_id')
      .executeTakeFirst();
    if (!claimed) return true;
    const counted = await trx
      .insertInto('sms_daily_quota')
      .values({ address: claim.address, day, used: 1 })
      .onConflict((oc) => oc
        .columns(['address', 'day'])
        .doUpdateSet({ used: sql<number>`sms_daily_quota.used + 1` })
        .where('sms_daily_quota.used', '<', claim.cap))
      .returning('used')
      .executeTakeFirst();
    if (counted) return true;
    await trx.deleteFrom('sms_quota_claims').where('delivery_id', '=', claim.deliveryId).execute();
    return false;
  });
}

/** Gives back the slot a delivery holds (after the provider refused or failed), so a retry can have it. */
export async function releaseSmsSlot(db: Queryable, deliveryId: number): Promise<void> {
  await inTransaction(db, async (trx) => {
    const claim = await trx.deleteFrom('sms_quota_claims').where('delivery_id', '=', deliveryId).returning(['address', 'day']).executeTakeFirst();
    if (!claim) return;
    await trx
      .updateTable('sms_daily_quota')
      .set({ used: sql<number>`used - 1` })
      .where('address', '=', claim.address)
      .where('day', '=', claim.day)
      .where('used', '>', 0)
      .execute();
  });
}

/** Forgets counters and claims of days before `beforeDay` (default yesterday, Beijing); for the recovery tick. */
export async function pruneSmsQuota(db: Queryable, beforeDay = beijingDay(new Date(Date.now() - 86_400_000))): Promise<number> {
  return inTransaction(db, async (trx) => {
    const claims = await trx.deleteFrom('sms_quota_claims').where('day', '<', beforeDay).executeTakeFirst();
    const counters = await trx.deleteFrom('sms_daily_quota').where('day', '<', beforeDay).executeTakeFirst();
    return Number(claims.numDeletedRows) + Number(counters.numDeletedRows);
  });
}

export function createSmsSender(options: { provider: SmsProvider; dailyCap: number; ratePerSecond: number; signName?: string }): ChannelSender {
  return {
    channel: 'sms',
    ratePerSecond: options.ratePerSecond,
    async send(notice, { db, signal }) {
      if (!notice.serviceType) return { ok: false, skipped: true, reason: '短信仅用于服务类政策' };
      const phone = normalizeMobile(notice.address);
      if (!phone) return { ok: false, retry: false, error: `手机号码无效：${notice.address.slice(0, 20)}` };
      if (!(await reserveSmsSlot(db, { deliveryId: notice.deliveryId, address: phone, cap: options.dailyCap }))) {
        return { ok: false, skipped: true, reason: `已达每个号码每日 ${options.dailyCap} 条短信的上限` };
      }
      const { text, title } = composeSms(notice, options.signName);
      const params = { site: notice.siteName, title: [...title].slice(0, 35).join(''), link: notice.url };
      let result;
      try {
        result = await options.provider.send({ phone, text, params, outId: String(notice.deliveryId) }, signal);
      } catch (error) {
        await releaseSmsSlot(db, notice.deliveryId);
        throw error;
      }
      if (result.ok) return { ok: true, providerMessageId: result.messageId };
      await releaseSmsSlot(db, notice.deliveryId);
      return result;
    },
  };
}
