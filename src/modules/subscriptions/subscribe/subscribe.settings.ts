import { z } from 'zod';
import { appendAudit, type AuditActor } from '../../../platform/audit/audit.service.js';
import type { Database, Queryable } from '../../../platform/db/database.js';
import { nowIso } from '../../../platform/db/database.js';
import { fieldErrors, invalid, ok, type Outcome } from '../../../platform/outcome.js';

/*
 * Limits a bureau may change, kept as JSON under platform_settings key `subscriptions.rules`;
 * anything not stored there takes the default below. Admins change them at /console/subscription-settings.
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

export type SubscribeSettingName = keyof SubscribeSettings;

export const defaultSubscribeSettings: SubscribeSettings = { maxPerSubscriber: 50, confirmHours: 72, maxProfileTags: 40 };

/** The one copy of the bounds: the stored JSON, the console form and its number inputs all use these. */
export const subscribeSettingBounds: Record<SubscribeSettingName, { min: number; max: number }> = {
  maxPerSubscriber: { min: 1, max: 1000 },
  confirmHours: { min: 1, max: 24 * 30 },
  maxProfileTags: { min: 1, max: 500 },
};

export const subscribeSettingNames = Object.keys(defaultSubscribeSettings) as SubscribeSettingName[];

function limit(name: SubscribeSettingName) {
  const { min, max } = subscribeSettingBounds[name];
  const range = `请填写 ${min}–${max} 之间的整数`;
  return z
    .number({ error: (issue) => (issue.input === undefined ? `请填写此项（${min}–${max} 之间的整数）` : range) })
    .int(range)
    .min(min, range)
    .max(max, range);
}

const stored = z
  .object({
    maxPerSubscriber: limit('maxPerSubscriber').optional(),
    confirmHours: limit('confirmHours').optional(),
    maxProfileTags: limit('maxProfileTags').optional(),
  })
  .strict();

/** Form text → number (full-width digits allowed); anything else is left for the number check to refuse. */
const formText = (value: unknown) => {
  if (typeof value !== 'string') return value;
  const text = value.normalize('NFKC').trim();
  if (text === '') return undefined;
  return /^[+-]?\d+(\.\d+)?$/.test(text) ? Number(text) : text;
};

/** The console form: every limit required, as text from the browser. */
export const subscribeSettingsFormSchema = z.object({
  maxPerSubscriber: z.preprocess(formText, limit('maxPerSubscriber')),
  confirmHours: z.preprocess(formText, limit('confirmHours')),
  maxProfileTags: z.preprocess(formText, limit('maxProfileTags')),
});

export function mergeSubscribeSettings(value: unknown): SubscribeSettings {
  const parsed = stored.safeParse(value ?? {});
  if (!parsed.success) throw new Error(`订阅设置（${SUBSCRIBE_SETTINGS_KEY}）有误：${parsed.error.issues.map((i) => `${i.path.join('.')} ${i.message}`).join('；')}`);
  return { ...defaultSubscribeSettings, ...parsed.data };
}

export async function loadSubscribeSettings(db: Queryable): Promise<SubscribeSettings> {
  const row = await db.selectFrom('platform_settings').select('value').where('key', '=', SUBSCRIBE_SETTINGS_KEY).executeTakeFirst();
  return mergeSubscribeSettings(row ? (JSON.parse(row.value) as unknown) : {});
}

export const subscribeSettingLabels: Record<SubscribeSettingName, string> = {
  maxPerSubscriber: '每个订阅人最多订阅数',
  confirmHours: '邮件订阅确认链接有效时长（小时）',
  maxProfileTags: '每个账号最多画像标签数',
};

/**
 * Saves the limits an admin entered (installation-wide) and audits old → new in the same
 * transaction. Returns the names of the limits that changed (none: nothing written).
 */
export async function saveSubscribeSettings(database: Database, raw: Record<string, unknown>, actor: AuditActor): Promise<Outcome<SubscribeSettingName[]>> {
  const parsed = subscribeSettingsFormSchema.safeParse(raw);
  if (!parsed.success) return invalid(fieldErrors(parsed.error.issues));
  const next: SubscribeSettings = parsed.data;
  return database.db.transaction().execute(async (trx) => {
    const before = await loadSubscribeSettings(trx);
    const changed = subscribeSettingNames.filter((name) => before[name] !== next[name]);
    if (changed.length === 0) return ok(changed);
    const now = nowIso();
    await trx
      .insertInto('platform_settings')
      .values({ key: SUBSCRIBE_SETTINGS_KEY, value: JSON.stringify(next), updated_at: now })
      .onConflict((oc) => oc.column('key').doUpdateSet({ value: JSON.stringify(next), updated_at: now }))
      .execute();
    await appendAudit(trx, actor, {
      action: 'subscriptions.settings',
      targetType: 'platform_setting',
      targetId: SUBSCRIBE_SETTINGS_KEY,
      summary: `修改订阅设置：${changed.map((name) => `${subscribeSettingLabels[name]} ${before[name]} → ${next[name]}`).join('；')}`,
      detail: { before, after: next },
    });
    return ok(changed);
  });
}
