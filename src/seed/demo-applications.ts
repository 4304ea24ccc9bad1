import type { Database } from '../platform/db/database.js';
import { nowIso } from '../platform/db/database.js';
import { addDays } from '../platform/calendar/plain-date.js';
import { addWorkingDays, type WorkingCalendar } from '../platform/calendar/working-days.js';
import { seededRandom } from '../platform/random.js';
import { replyTypeCodes, type ReplyType } from '../modules/applications/applications.vocabulary.js';
import { defaultClockRules } from '../modules/applications/clock/index.js';
import { clockOf } from '../modules/applications/cases/case-clock.js';
import { defaultCaseRules, formatCaseNumber } from '../modules/applications/cases/case-rules.js';

const subjects = ['某地块控制性详细规划调整的批前公示材料', '某小区规划许可证及附图', '“两旧一村”改造项目的征收补偿方案', '某道路拓宽工程的用地预审意见',
  '2024年度建设用地供应计划', '某产业园区区域评估报告', '本市15分钟社区生活圈规划导则', '某历史风貌区保护规划', '某宗地不动产登记簿信息', '某工程竣工规划验收合格证'];
const names = ['王建国', '李秀英', '张伟', '刘洋', '陈静', '赵磊', '孙丽', '周杰', '吴敏', '郑强'];
const orgs: { name: string; column: string }[] = [
  { name: '上海某某置业有限公司', column: 'business' }, { name: '某某律师事务所', column: 'legal_service' },
  { name: '某大学城市规划研究院', column: 'research' }, { name: '某环保公益基金会', column: 'nonprofit' }, { name: '某街道居民委员会', column: 'other_org' },
];
/** Outcomes in rough proportion to a real bureau's year (most disclosed, a spread of the rest). */
const outcomeWeights: [ReplyType, number][] = replyTypeCodes.map((t) => [t, t === 'disclosed' ? 30 : t === 'partly_disclosed' ? 10 : t.startsWith('unavailable_not_held') ? 8 : 2]);

type Step = { kind: string; on: string; data?: Record<string, unknown> };

/**
 * A believable eighteen months of 依申请公开 cases for `npm start`: every channel, applicant column,
 * clock event, state and reply type, and a few appeals — so the queue, the applicant's space and
 * the annual report (this year and last, with carry-over) have something to show.
 */
export async function seedDemoApplications(
  database: Database,
  site: { id: number },
  calendar: WorkingCalendar,
  accounts: { citizenId: number | null; companyId: number | null; departmentId: number | null },
  today: string,
  count = 160,
): Promise<number> {
  const any = await database.db.selectFrom('applications').select('id').where('site_id', '=', site.id).limit(1).executeTakeFirst();
  if (any) return 0;
  const rnd = seededRandom(20261125);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rnd() * list.length)]!;
  const total = outcomeWeights.reduce((s, [, w]) => s + w, 0);
  const pickOutcome = (): ReplyType => {
    let roll = rnd() * total;
    for (const [t, w] of outcomeWeights) if ((roll -= w) < 0) return t;
    return 'disclosed';
  };
  const start = `${Number(today.slice(0, 4)) - 1}-06-01`;
  const span = Math.round((Date.parse(today) - Date.parse(start)) / 86_400_000);
  const sequences = new Map<number, number>();
  for (let i = 0; i < count; i++) {
    const received = addWorkingDays(addDays(start, Math.floor(rnd() * span)), 0, calendar).due;
    if (received >= today) continue;
    const year = Number(received.slice(0, 4));
    const seq = (sequences.get(year) ?? 0) + 1;
    sequences.set(year, seq);
    const own = i % 9 === 0 ? accounts.citizenId : i % 13 === 0 ? accounts.companyId : null;
    const org = own === accounts.companyId && own ? { name: '示例科技有限公司', column: 'business' } : rnd() < 0.35 ? pick(orgs) : null;
    const steps: Step[] = [{ kind: 'received', on: received }];
    let status = 'assigned';
    let replyType: ReplyType | null = null;
    let repliedOn: string | null = null;
    const due = addWorkingDays(received, defaultClockRules.replyDays, calendar).due;
    const old = due < today;
    if (accounts.departmentId) steps.push({ kind: 'assign', on: addWorkingDays(received, 1, calendar).due, data: { departmentId: accounts.departmentId } });
    const roll = rnd();
    if (roll < 0.12) {
      const noticeOn = addWorkingDays(received, 3, calendar).due;
      const correctBy = addWorkingDays(noticeOn, 10, calendar).due;
      steps.push({ kind: 'correction_requested', on: noticeOn, data: { correctBy, items: '请补充所需信息的文号或具体地块位置' } });
      if (correctBy < today && rnd() < 0.5) { status = 'closed'; replyType = 'other_no_correction'; repliedOn = addWorkingDays(correctBy, 1, calendar).due; }
      else if (correctBy < today) steps.push({ kind: 'correction_received', on: addWorkingDays(noticeOn, 4, calendar).due });
      else status = 'awaiting_correction';
    } else if (roll < 0.2) {
      const on = addWorkingDays(received, 5, calendar).due;
      steps.push({ kind: 'consultation_started', on, data: { party: '第三方权利人' } });
      if (addWorkingDays(on, 15, calendar).due < today) steps.push({ kind: 'consultation_ended', on: addWorkingDays(on, 8, calendar).due });
      else status = 'consulting';
    } else if (roll < 0.26) {
      steps.push({ kind: 'extension_approved', on: addWorkingDays(received, 15, calendar).due, data: { days: 15 } });
    } else if (roll < 0.29) {
      const on = addWorkingDays(received, 6, calendar).due;
      steps.push({ kind: 'fee_notice', on, data: { amount: 100 } });
      if (addWorkingDays(on, 20, calendar).due < today) { status = 'closed'; replyType = 'other_fee_unpaid'; repliedOn = addWorkingDays(on, 21, calendar).due; }
      else status = 'awaiting_fee';
    }
    const clock = clockOf(received, steps.map((s) => ({ kind: s.kind, on_date: s.on, data: JSON.stringify(s.data ?? {}) })), defaultClockRules, calendar, today);
    if (!replyType && status === 'assigned' && clock.dueOn && (old || rnd() < 0.3) && clock.dueOn < today) {
      replyType = pickOutcome();
      repliedOn = addWorkingDays(received, 5 + Math.floor(rnd() * 14), calendar).due;
      if (repliedOn > today) repliedOn = clock.dueOn;
      status = 'replied';
    }
    await database.db.transaction().execute(async (trx) => {
      const now = nowIso();
      const row = await trx.insertInto('applications').values({
        site_id: site.id, number: formatCaseNumber(defaultCaseRules, year, seq), channel: pick(['online', 'online', 'online', 'letter', 'in_person', 'fax']),
        applicant_account_id: own, applicant_column: org?.column ?? 'person', applicant_name: org?.name ?? (own === accounts.citizenId && own ? '张三' : pick(names)),
        applicant_id_enc: null, applicant_id_masked: org ? null : '3101**********1234', contact_phone: '138****8000', contact_email: null, contact_address: '上海市（示例地址）',
        description: `申请公开${pick(subjects)}`, delivery_form: pick(['电子邮件', '纸质邮寄', '在线查看（个人空间）']), submitted_at: `${received}T02:00:00.000Z`, received_on: received,
        status, department_id: accounts.departmentId, handler_id: null, due_on: replyType ? null : clock.dueOn, waiting_until: replyType ? null : clock.waitingUntil,
        reply_type: replyType, replied_on: status === 'replied' ? repliedOn : null, closed_on: status === 'closed' ? repliedOn : null, excessive: 0, created_at: now, updated_at: now,
      }).returning('id').executeTakeFirstOrThrow();
      const history = [...steps, ...(replyType ? [{ kind: status === 'closed' ? 'close' : 'reply', on: repliedOn!, data: { replyType } }] : [])];
      await trx.insertInto('application_events').values(history.map((s) => ({
        application_id: row.id, kind: s.kind, on_date: s.on, data: JSON.stringify(s.data ?? {}), actor_id: null, actor_name: '演示数据', note: '', created_at: now,
      }))).execute();
      if (replyType && replyType.startsWith('withheld') && rnd() < 0.5) {
        const filed = addDays(repliedOn!, 30);
        if (filed < today) {
          await trx.insertInto('application_appeals').values({
            application_id: row.id, kind: pick(['reconsideration', 'reconsideration', 'litigation_direct']), filed_on: filed,
            ...(() => {
              const outcome = pick(['upheld', 'upheld', 'corrected', 'pending']);
              const decided = addDays(filed, 45);
              return outcome === 'pending' || decided >= today ? { outcome: 'pending', decided_on: null } : { outcome, decided_on: decided };
            })(),
            note: '', created_at: now, updated_at: now,
          }).execute();
        }
      }
    });
  }
  for (const [year, last] of sequences) {
    await database.db.insertInto('application_sequences').values({ site_id: site.id, year, last }).onConflict((oc) => oc.columns(['site_id', 'year']).doUpdateSet({ last })).execute();
  }
  return [...sequences.values()].reduce((a, b) => a + b, 0);
}
