import { z } from 'zod';
import type { Queryable } from '../../../platform/db/database.js';

/*
 * Limits a bureau may change, kept as JSON under platform_settings key `subscriptions.rules`;
 * anything not stored there takes the default below.
 */
export const SUBSCRIBE_SETTINGS_KEY = 'subscriptions.rules';

export interface SubscribeSettings {
  /** Live (pending or active) subscriptions one subscriber may hold on a site. */
  maxPerSubscriber: number;
  /** How long an e-mail opt-in link stays valid. */
  confirmHours: number;
  /** Tags one account may put on its profile. */
  maxProfileTags: number;
}

export const defaultSubscribeSettings: SubscribeSettings = { maxPerSubscriber: 50, confirmHours: 72, maxProfileTags: 40 };

const stored = z
  .object({
    maxPerSubscriber: z.number().int().min(1).max(1000).optional(),
    confirmHours: z.number().int().min(1).max(24 * 30).optional(),
    maxProfileTags: z.number().int().min(1).max(500).optional(),
  })
  .strict();

export function mergeSubscribeSettings(value: unknown): SubscribeSettings {
  const parsed = stored.safeParse(value ?? {});
  if (!parsed.success) throw new Error(`订阅设置（${SUBSCRIBE_SETTINGS_KEY}）有误：${parsed.error.issues.map((i) => `${i.path.join('.')} ${i.message}`).join('；')}`);
  return { ...defaultSubscribeSettings, ...parsed.data };
}

export async function loadSubscribeSettings(db: Queryable): Promise<SubscribeSettings> {
  const row = await db.selectFrom('platform_settings').select('value').where('key', '=', SUBSCRIBE_SETTINGS_KEY).executeTakeFirst();
  return mergeSubscribeSettings(row ? (JSON.parse(row.value) as unknown) : {});
}
