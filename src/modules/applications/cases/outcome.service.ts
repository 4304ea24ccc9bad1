import { addDays, isPlainDate } from '../../../platform/calendar/plain-date.js';
import { invalid, type Outcome } from '../../../platform/outcome.js';
import { replyTypes, type ReplyType } from '../applications.vocabulary.js';
import { feeBasisText, feeByCount, feeByPages } from '../clock/fees.js';
import * as store from './cases.store.js';
import type { CaseActor, CaseContext } from './context.js';
import { noticeToApplicant } from './notify.js';
import { deliverReleased, releasedFiles, releaseProblems } from './released.service.js';
import { runMove, type MoveResult } from './runner.js';

/** 收费, 第三十五条, 答复, 办结, 撤回: the commands that lead to the outcome. */

type Result = Promise<Outcome<MoveResult>>;
const LAW = '《中华人民共和国政府信息公开条例》';

/** Outcomes recorded by closing a lapsed case, never chosen as a reply. */
export const lapseReplyTypes = { correction: 'other_no_correction', fee: 'other_fee_unpaid' } as const satisfies Record<string, ReplyType>;
export const isReplyType = (v: string): v is ReplyType => Object.hasOwn(replyTypes, v);

export type FeeInput = { on: string; note?: string } & ({ method: 'count' } | { method: 'pages'; pages: number });

/** 信息处理费 notice: the amount by count (this applicant's n-th application this month) or by pages. */
export async function sendFeeNotice(ctx: CaseContext, caseId: number, actor: CaseActor, input: FeeInput): Result {
  const c = await store.findCase(ctx.database.db, caseId);
  if (!c || c.site_id !== actor.siteId) return invalid({ '': '该申请不存在' });
  if (input.method === 'pages' && (!Number.isInteger(input.pages) || input.pages < 1 || input.pages > 1_000_000)) return invalid({ pages: '请填写页数（正整数）' });
  const basisInput = input.method === 'count'
    ? { method: 'count' as const, nthApplicationThisMonth: await store.applicantMonthOrdinal(ctx.database.db, c) }
    : { method: 'pages' as const, pages: input.pages };
  const amount = basisInput.method === 'count' ? feeByCount(basisInput.nthApplicationThisMonth, ctx.rules.fees) : feeByPages(basisInput.pages, ctx.rules.fees).total;
  if (amount === 0) return invalid({ method: basisInput.method === 'count' ? `本申请为申请人本月第 ${basisInput.nthApplicationThisMonth} 件申请，按件计收标准不收费` : '按量计收标准下本申请不收费' });
  const basis = feeBasisText({ ...basisInput, rules: ctx.rules.fees, feePaymentDays: ctx.rules.clock.feePaymentDays });
  return runMove(ctx, caseId, actor, {
    action: 'fee_notice',
    on: input.on,
    data: { ...basisInput, amount },
    note: input.note,
    summary: `信息处理费 ${amount} 元（${basisInput.method === 'count' ? `按件，本月第 ${basisInput.nthApplicationThisMonth} 件` : `按量，${basisInput.pages} 页`}）`,
    after: (trx, r) =>
      noticeToApplicant(trx, ctx.jobs, r.case, {
        key: `event-${r.eventId}`,
        title: `信息处理费缴费通知（${r.case.number}）`,
        body: `${basis}\n\n应缴金额：${amount} 元。缴费期限至 ${r.clock.waitingUntil ?? '—'}；逾期未缴纳的，视为放弃申请，我们将不再处理该政府信息公开申请。`,
      }),
  });
}

export async function confirmPayment(ctx: CaseContext, caseId: number, actor: CaseActor, input: { on: string; note?: string }): Result {
  return runMove(ctx, caseId, actor, { action: 'fee_paid', on: input.on, data: { by: actor.kind }, note: input.note });
}

/** Art. 35: the application is beyond a reasonable range; a reasonable later date, told to the applicant. */
export async function setLaterDate(ctx: CaseContext, caseId: number, actor: CaseActor, input: { on: string; laterDueOn: string; reason: string }): Result {
  if (input.reason.trim().length < 4) return invalid({ reason: '请说明认定申请超出合理范围的理由（至少 4 个字）' });
  if (!isPlainDate(input.laterDueOn)) return invalid({ laterDueOn: '请填写正确的日期（如 2026-03-02）' });
  if (input.laterDueOn > addDays(ctx.today, 366)) return invalid({ laterDueOn: '合理答复期限不宜超过一年，请重新确定' });
  return runMove(ctx, caseId, actor, {
    action: 'later_date_set',
    on: input.on,
    data: { dueOn: input.laterDueOn },
    note: input.reason,
    onField: 'on',
    summary: `合理答复期限 ${input.laterDueOn}`,
    changes: () => ({ excessive: 1 }),
    after: (trx, r) =>
      noticeToApplicant(trx, ctx.jobs, r.case, {
        key: `event-${r.eventId}`,
        title: `答复期限告知（${r.case.number}）`,
        body: `您申请公开政府信息的数量、频次明显超过合理范围，经审查理由合理但无法在法定期限内答复。根据${LAW}第三十五条，答复期限确定为 ${r.clock.dueOn ?? input.laterDueOn}。理由：${input.reason.trim()}`,
      }),
  });
}

/**
 * The reply (Art. 36): its type is one of the annual-report rows. The letter itself is the
 * replies module's, made by ctx.hooks.replied in this transaction; without the hook the
 * applicant gets a plain notice.
 */
export async function replyToCase(ctx: CaseContext, caseId: number, actor: CaseActor, input: { on: string; replyType: string; note?: string }): Result {
  if (!isReplyType(input.replyType)) return invalid({ replyType: '请选择答复类型' });
  const replyType = input.replyType;
  if (replyType === lapseReplyTypes.correction || replyType === lapseReplyTypes.fee) return invalid({ replyType: '逾期未补正、逾期未缴费的申请，请在期限届满后“办结”，不必答复' });
  return runMove(ctx, caseId, actor, {
    action: 'reply',
    on: input.on,
    data: { replyType },
    note: input.note,
    summary: `答复类型：${replyTypes[replyType].label}`,
    // Released records go only with 予以公开 / 部分公开, and only once each flagged file is confirmed (released.service.ts).
    check: async (_c, clock, _events, trx) => {
      if (input.on < clock.lastEventOn) return { on: `答复日期不能早于最近一次登记的事件（${clock.lastEventOn}）` };
      return releaseProblems(replyType, await releasedFiles(trx, caseId));
    },
    changes: () => ({ reply_type: replyType, replied_on: input.on }),
    after: async (trx, r) => {
      const released = await deliverReleased(trx, r.case.id);
      const hook = ctx.hooks.replied;
      if (hook) return hook(trx, { case: r.case, replyType, repliedOn: input.on, note: input.note ?? '', eventId: r.eventId, actor });
      await noticeToApplicant(trx, ctx.jobs, r.case, {
        key: `event-${r.eventId}`,
        title: `政府信息公开申请答复（${r.case.number}）`,
        body: `您的政府信息公开申请已于 ${input.on} 作出答复（${replyTypes[replyType].label.replace(/^\d\./, '')}）。答复告知书将按您选择的方式送达。${released ? `随答复提供公开的政府信息 ${released} 件。` : ''}`,
      });
    },
  });
}

/**
 * 办结: a replied case; or a case whose applicant let the 补正 or payment period lapse
 * (closed as 其他处理 1 or 2, also by the daily job).
 */
export async function closeCase(ctx: CaseContext, caseId: number, actor: CaseActor, input: { note?: string } = {}): Result {
  return runMove(ctx, caseId, actor, {
    action: 'close',
    on: ctx.today,
    note: input.note,
    check: (c, clock) => {
      if (c.status === 'replied') return null;
      if (clock.lapsed === null) return { '': `申请人的${c.status === 'awaiting_fee' ? '缴费' : '补正'}期限（至 ${clock.waitingUntil ?? '—'}）尚未届满，不能办结` };
      return null;
    },
    changes: (c, clock) => {
      if (c.status === 'replied' || clock.lapsed === null) return { closed_on: ctx.today };
      return { reply_type: lapseReplyTypes[clock.lapsed], replied_on: ctx.today, closed_on: ctx.today };
    },
    after: async (trx, r) => {
      if (r.from === 'replied') return;
      const fee = r.from === 'awaiting_fee';
      await noticeToApplicant(trx, ctx.jobs, r.case, {
        key: `event-${r.eventId}`,
        title: `政府信息公开申请办结告知（${r.case.number}）`,
        body: fee
          ? `您未在缴费期限内缴纳信息处理费，视为放弃申请，我们不再处理该政府信息公开申请（国办函〔2020〕109号）。`
          : `您未在补正期限内提交补正材料，视为放弃申请，我们不再处理该政府信息公开申请（${LAW}第三十条）。`,
      });
    },
  });
}

/** The applicant withdraws (online, or by telling 公开办): closed as 其他处理 3. */
export async function withdrawCase(ctx: CaseContext, caseId: number, actor: CaseActor, input: { note?: string } = {}): Result {
  return runMove(ctx, caseId, actor, {
    action: 'withdraw',
    on: ctx.today,
    note: input.note,
    changes: () => ({ reply_type: 'other_other', replied_on: ctx.today, closed_on: ctx.today }),
  });
}
