import { appendAudit, type AuditActor } from '../../../platform/audit/audit.service.js';
import type { Database } from '../../../platform/db/database.js';
import { fieldErrors, invalid, ok, type Outcome } from '../../../platform/outcome.js';
import { appealKinds, appealOutcomes, type AppealKind, type AppealOutcome } from '../applications.vocabulary.js';
import { todayInBeijing } from '../report/report.service.js';
import { appealSchema } from './appeals.schemas.js';
import * as store from './appeals.store.js';

/*
 * 行政复议 and 行政诉讼 records tied to a disclosure application (table 4 of the annual report).
 * Each is audited. Outcome 维持 / 纠正 / 其他 needs its decision date; 尚未审结 has none.
 */

async function validate(database: Database, siteId: number, raw: Record<string, unknown>, today: string): Promise<Outcome<store.AppealFields & { number: string }>> {
  const parsed = appealSchema(today).safeParse(raw);
  if (!parsed.success) return invalid(fieldErrors(parsed.error.issues));
  const v = parsed.data;
  const application = await store.findApplicationByNumber(database.db, siteId, v.number);
  if (!application) return invalid({ number: `本站点没有编号为「${v.number}」的政府信息公开申请` });
  if (v.filed_on < application.received_on) return invalid({ filed_on: `提起日期不能早于该申请的收到日期（${application.received_on}）` });
  return ok({ number: application.number, application_id: application.id, kind: v.kind, filed_on: v.filed_on, outcome: v.outcome, decided_on: v.decided_on || null, note: v.note });
}

const describe = (f: { number: string; kind: string; outcome: string; decided_on: string | null }) =>
  `${appealKinds[f.kind as AppealKind]}（申请 ${f.number}）：${appealOutcomes[f.outcome as AppealOutcome]}${f.decided_on ? `，${f.decided_on} 审结` : ''}`;

export async function createAppeal(database: Database, siteId: number, raw: Record<string, unknown>, actor: AuditActor, today = todayInBeijing()): Promise<Outcome<number>> {
  const outcome = await validate(database, siteId, raw, today);
  if (!outcome.ok) return outcome;
  const { number, ...fields } = outcome.value;
  const id = await database.db.transaction().execute(async (trx) => {
    const appealId = await store.insertAppeal(trx, fields);
    await appendAudit(trx, actor, { action: 'appeal.create', targetType: 'appeal', targetId: appealId, summary: `登记${describe({ number, ...fields })}`, detail: { ...fields } });
    return appealId;
  });
  return ok(id);
}

export async function updateAppeal(database: Database, siteId: number, id: number, raw: Record<string, unknown>, actor: AuditActor, today = todayInBeijing()): Promise<Outcome<true>> {
  const before = await store.findAppeal(database.db, siteId, id);
  if (!before) return invalid({ '': '该复议或诉讼记录不存在' });
  const outcome = await validate(database, siteId, raw, today);
  if (!outcome.ok) return outcome;
  const { number, ...fields } = outcome.value;
  await database.db.transaction().execute(async (trx) => {
    await store.updateAppeal(trx, id, fields);
    await appendAudit(trx, actor, {
      action: 'appeal.update', targetType: 'appeal', targetId: id, summary: `修改${describe({ number, ...fields })}`,
      detail: { before: { number: before.number, kind: before.kind, filed_on: before.filed_on, outcome: before.outcome, decided_on: before.decided_on }, after: fields },
    });
  });
  return ok(true);
}
