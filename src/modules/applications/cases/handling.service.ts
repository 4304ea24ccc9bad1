import { addWorkingDays } from '../../../platform/calendar/working-days.js';
import { invalid, type FieldErrors, type Outcome } from '../../../platform/outcome.js';
import { wd } from '../clock/clock.types.js';
import { parseData } from './case-clock.js';
import * as store from './cases.store.js';
import type { EventRow } from './cases.store.js';
import type { CaseActor, CaseContext } from './context.js';
import { mailStaff, noticeToApplicant } from './notify.js';
import { runMove, type MoveResult } from './runner.js';

/** 分办, 补正, 征求意见, 延期: the handling commands (each one move of transitions.ts). */

type Result = Promise<Outcome<MoveResult>>;
const caseLink = (id: number) => `/console/applications/${id}`;

/** 公开办 assigns the case to a handling department (again to re-assign). */
export async function assignCase(ctx: CaseContext, caseId: number, actor: CaseActor, input: { departmentId: number; note?: string }): Result {
  const departments = await store.departmentsOf(ctx.database.db, actor.siteId);
  const department = departments.find((d) => d.id === input.departmentId && d.active === 1);
  if (!department) return invalid({ departmentId: '请选择承办处室（须为本站点在用的处室）' });
  return runMove(ctx, caseId, actor, {
    action: 'assign',
    on: ctx.today,
    data: { departmentId: department.id, departmentName: department.name },
    note: input.note,
    summary: `承办处室：${department.name}`,
    check: (c) => (c.department_id === department.id ? { departmentId: `本申请已由${department.name}承办` } : null),
    changes: () => ({ department_id: department.id, handler_id: null }),
    after: async (trx, r) => {
      const handlers = await store.staffToNotify(trx, r.case.site_id, { departmentId: department.id });
      await mailStaff(trx, ctx.jobs, handlers, {
        key: `event-${r.eventId}`,
        subject: `新分办的政府信息公开申请（${r.case.number}）`,
        text: `${department.name}：\n\n公开办已将政府信息公开申请 ${r.case.number} 分办给你处室办理，答复期限 ${r.case.due_on ?? '（计时中止）'}。\n请登录管理后台查看：${caseLink(r.case.id)}`,
      });
    },
  });
}

/** 补正 (Art. 30): one notice listing everything to correct, with a period; the clock stops. */
export async function requestCorrection(ctx: CaseContext, caseId: number, actor: CaseActor, input: { on: string; items: string[]; periodDays?: number; note?: string }): Result {
  const items = input.items.map((s) => s.trim()).filter(Boolean);
  if (items.length === 0) return invalid({ items: '请逐项列明需要补正的内容（一次性告知）' });
  const periodDays = input.periodDays ?? ctx.rules.correctionPeriodDays;
  if (!Number.isInteger(periodDays) || periodDays < 1 || periodDays > 60) return invalid({ periodDays: '补正期限应为 1–60 个工作日' });
  let correctBy = '';
  try {
    correctBy = addWorkingDays(input.on, periodDays, ctx.calendar).due;
  } catch {
    return invalid({ on: '请填写正确的日期（如 2026-03-02）' });
  }
  return runMove(ctx, caseId, actor, {
    action: 'correction_requested',
    on: input.on,
    data: { items, periodDays, correctBy },
    note: input.note,
    summary: `补正期限 ${correctBy}，补正事项 ${items.length} 项`,
    after: (trx, r) =>
      noticeToApplicant(trx, ctx.jobs, r.case, {
        key: `event-${r.eventId}`,
        title: `政府信息公开申请补正通知（${r.case.number}）`,
        body: `您的政府信息公开申请需要补正以下内容：\n${items.map((item, i) => `${i + 1}. ${item}`).join('\n')}\n\n请于 ${r.clock.waitingUntil ?? correctBy} 前（${wd(periodDays)}内）提交补正材料。答复期限自我们收到补正材料之日起重新计算；无正当理由逾期不补正的，视为放弃申请（《中华人民共和国政府信息公开条例》第三十条）。`,
      }),
  });
}

/** The corrected application arrived (recorded by staff; the applicant's own goes through applicant.service). */
export async function recordCorrection(ctx: CaseContext, caseId: number, actor: CaseActor, input: { on: string; note?: string; text?: string }): Result {
  return runMove(ctx, caseId, actor, {
    action: 'correction_received',
    on: input.on,
    data: { by: actor.kind, ...(input.text ? { text: input.text } : {}) },
    note: input.note,
    after: (trx, r) =>
      noticeToApplicant(trx, ctx.jobs, r.case, {
        key: `event-${r.eventId}`,
        title: `补正材料已收到（${r.case.number}）`,
        body: `您的补正材料已于 ${input.on} 收到。答复期限自该日起重新计算，至 ${r.clock.dueOn ?? '—'}。`,
      }),
  });
}

export async function startConsultation(ctx: CaseContext, caseId: number, actor: CaseActor, input: { on: string; party: string; note?: string }): Result {
  const party = input.party.trim();
  if (party.length < 2 || party.length > 200) return invalid({ party: '请填写征求意见的对象（第三方或其他机关的名称，2–200 字）' });
  return runMove(ctx, caseId, actor, { action: 'consultation_started', on: input.on, data: { party }, note: input.note, summary: `征求意见对象：${party}` });
}

export async function endConsultation(ctx: CaseContext, caseId: number, actor: CaseActor, input: { on: string; note?: string }): Result {
  return runMove(ctx, caseId, actor, { action: 'consultation_ended', on: input.on, note: input.note });
}

/** The extension request still waiting for the head's decision, if any. */
export function pendingExtension(events: readonly Pick<EventRow, 'id' | 'kind' | 'data'>[]): { eventId: number; days: number } | null {
  let pending: { eventId: number; days: number } | null = null;
  for (const e of events) {
    if (e.kind === 'extension_requested') pending = { eventId: e.id, days: Number(parseData(e.data).days) };
    else if (e.kind === 'extension_approved' || e.kind === 'extension_rejected' || e.kind === 'correction_received') pending = null;
  }
  return pending;
}

/** The handler asks for more time (Art. 33); the head decides. */
export async function requestExtension(ctx: CaseContext, caseId: number, actor: CaseActor, input: { days: number; reason: string }): Result {
  const max = ctx.rules.clock.extensionMaxDays;
  if (!Number.isInteger(input.days) || input.days < 1 || input.days > max) return invalid({ days: `延期天数应为 1–${max} 个工作日` });
  if (input.reason.trim().length < 4) return invalid({ reason: '请说明延期的理由（至少 4 个字）' });
  return runMove(ctx, caseId, actor, {
    action: 'extension_requested',
    on: ctx.today,
    data: { days: input.days },
    note: input.reason,
    summary: `申请延期 ${wd(input.days)}`,
    check: (_c, clock, events): FieldErrors | null => {
      if (pendingExtension(events)) return { '': '已有待负责人审批的延期申请' };
      if (clock.extendedDays + input.days > max) return { days: `延期合计不得超过 ${wd(max)}：已延期 ${wd(clock.extendedDays)}` };
      return null;
    },
    after: async (trx, r) => {
      const heads = await store.staffToNotify(trx, r.case.site_id, { role: 'head' });
      await mailStaff(trx, ctx.jobs, heads, {
        key: `event-${r.eventId}`,
        subject: `延期答复待审批（${r.case.number}）`,
        text: `${actor.label}申请将 ${r.case.number} 的答复期限延长 ${wd(input.days)}，理由：${input.reason}\n当前答复期限：${r.case.due_on ?? '—'}。\n请登录管理后台审批：${caseLink(r.case.id)}`,
      });
    },
  });
}

/** 负责人 approves (possibly fewer days) or refuses the pending request; an approval is told to the applicant. */
export async function decideExtension(ctx: CaseContext, caseId: number, actor: CaseActor, input: { approve: boolean; days?: number; note?: string }): Result {
  const events = await store.listEvents(ctx.database.db, caseId);
  const pending = pendingExtension(events);
  if (!pending) return invalid({ '': '没有待审批的延期申请' });
  const days = input.days ?? pending.days;
  if (!Number.isInteger(days) || days < 1 || days > pending.days) return invalid({ days: `批准的延期天数应为 1–${pending.days} 个工作日` });
  if (!input.approve) {
    return runMove(ctx, caseId, actor, { action: 'extension_rejected', on: ctx.today, data: { requestId: pending.eventId }, note: input.note, check: (_c, _k, now) => (pendingExtension(now)?.eventId === pending.eventId ? null : { '': '延期申请已被处理，请刷新页面' }) });
  }
  return runMove(ctx, caseId, actor, {
    action: 'extension_approved',
    on: ctx.today,
    data: { days, requestId: pending.eventId },
    note: input.note,
    summary: `批准延期 ${wd(days)}`,
    check: (_c, _k, now) => (pendingExtension(now)?.eventId === pending.eventId ? null : { '': '延期申请已被处理，请刷新页面' }),
    after: (trx, r) =>
      noticeToApplicant(trx, ctx.jobs, r.case, {
        key: `event-${r.eventId}`,
        title: `延期答复告知（${r.case.number}）`,
        body: `因需要延长答复期限，经政府信息公开工作机构负责人同意，您的政府信息公开申请答复期限延长 ${wd(days)}，至 ${r.clock.dueOn ?? '—'}（《中华人民共和国政府信息公开条例》第三十三条）。`,
      }),
  });
}
