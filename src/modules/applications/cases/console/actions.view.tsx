import type { ComponentChildren } from 'preact';
import { ChoiceGroup, Form, Notice, SelectField, TextArea, TextField, type Values } from '../../../../platform/views/forms.js';
import { replyGroups, replyTypeCodes, replyTypes } from '../../applications.vocabulary.js';
import { lapseReplyTypes } from '../outcome.service.js';
import { electronicDeliveryForms, needsReview } from '../released.service.js';
import type { ActionSlug } from './access.js';
import type { CasePageData } from './case.data.js';
import { stateFor, type FormState } from './form.js';
import { FileInput, releasedHint } from './released.view.js';

/** The action forms of the case page: only those the viewer's roles allow in the case's status. */

export const formLabels: Record<ActionSlug, Record<string, string>> = {
  assign: { departmentId: '承办处室', note: '分办说明' },
  correction: { on: '通知日期', items: '补正事项', periodDays: '补正期限', note: '备注' },
  'correction-received': { on: '收到补正材料的日期', note: '备注' },
  consultation: { on: '发出征求意见的日期', party: '征求意见对象', note: '备注' },
  'consultation-end': { on: '收到答复或征求意见结束的日期', note: '备注' },
  extension: { days: '延期天数', reason: '延期理由' },
  'extension-decision': { decision: '审批意见', days: '批准延期天数', note: '说明' },
  fee: { on: '通知日期', method: '收费方式', pages: '页数', note: '备注' },
  'fee-paid': { on: '缴费日期', note: '备注' },
  'later-date': { on: '认定日期', laterDueOn: '合理答复期限', reason: '理由' },
  reply: { on: '答复日期', replyType: '答复类型', note: '答复要点', file: '随答复提供的公开信息' },
  close: { note: '办结说明' },
  withdraw: { note: '撤回说明' },
};

const titles: Record<ActionSlug, string> = {
  assign: '分办',
  correction: '补正通知（一次性告知）',
  'correction-received': '登记收到补正材料',
  consultation: '征求第三方或其他机关意见',
  'consultation-end': '征求意见结束',
  extension: '申请延期答复',
  'extension-decision': '审批延期答复',
  fee: '发出收费通知',
  'fee-paid': '登记缴费',
  'later-date': '超出合理范围的申请（第三十五条）',
  reply: '作出答复',
  close: '办结',
  withdraw: '申请人撤回申请',
};

const buttons: Partial<Record<ActionSlug, string>> = { assign: '分办', correction: '发出补正通知', fee: '发出收费通知', reply: '登记答复', close: '办结', withdraw: '登记撤回' };

/**
 * The action that is next in the case's state, shown first and open; the viewer's other actions
 * wait behind <details> disclosures (no script needed). Only one of the viewer's forms is chosen.
 */
export function nextAction(data: Pick<CasePageData, 'c' | 'clock' | 'pending' | 'forms'>): ActionSlug | undefined {
  const { c, clock, pending, forms } = data;
  const wanted: Record<string, ActionSlug[]> = {
    received: ['assign', 'reply'],
    assigned: pending ? ['extension-decision', 'reply'] : ['reply'],
    awaiting_correction: clock.lapsed ? ['close', 'correction-received'] : ['correction-received'],
    consulting: pending ? ['extension-decision', 'consultation-end'] : ['consultation-end'],
    awaiting_fee: clock.lapsed ? ['close', 'fee-paid'] : ['fee-paid'],
    replied: ['close'],
  };
  return (wanted[c.status] ?? []).find((slug) => forms.includes(slug)) ?? forms[0];
}

function ActionForm(props: { id: number; slug: ActionSlug; csrf: string; hint?: string; before?: ComponentChildren; multipart?: boolean; folded?: boolean; children: ComponentChildren }) {
  const action = `/console/applications/${props.id}/${props.slug}`;
  const inner = (
    <>
      {props.children}
      <button type="submit" class="button">{buttons[props.slug] ?? '提交'}</button>
    </>
  );
  return (
    <section class="panel action" id={`a-${props.slug}`} {...(props.folded ? { 'aria-label': titles[props.slug] } : { 'aria-labelledby': `t-${props.slug}` })}>
      {/* Folded into a <details>, the summary is the title. */}
      {props.folded ? null : <h3 id={`t-${props.slug}`}>{titles[props.slug]}</h3>}
      {props.hint ? <p class="hint">{props.hint}</p> : null}
      {props.before}
      {props.multipart ? (
        <form method="post" action={action} enctype="multipart/form-data" novalidate aria-label={titles[props.slug]}>
          <input type="hidden" name="_csrf" value={props.csrf} />
          {inner}
        </form>
      ) : (
        <Form action={action} csrfToken={props.csrf} label={titles[props.slug]}>{inner}</Form>
      )}
    </section>
  );
}

/** What the reply form says about the released records: how many go, which still need review, and the electronic-delivery warning. */
function releasedNotes(data: CasePageData): ComponentChildren {
  const { c, released } = data;
  const pending = released.filter(needsReview);
  const electronic = electronicDeliveryForms.includes(c.delivery_form);
  return (
    <>
      {released.length ? <p>答复为“予以公开”或“部分公开”的，<a href="#released">随答复提供的公开信息</a>（{released.length} 个文件）将提供给申请人并列入答复告知书；其他答复类型须先删除这些文件。</p> : null}
      {pending.length ? <Notice kind="warning">有 {pending.length} 个文件尚未核查（{pending.map((f) => `“${f.filename}”`).join('、')}），处理前不能随答复提供。</Notice> : null}
      {!released.length && electronic ? (
        <Notice kind="warning">申请人要求以“{c.delivery_form}”方式获取信息，本申请尚未上传公开信息。“予以公开”“部分公开”的，请先在<a href="#released">随答复提供的公开信息</a>中上传，或随答复一并上传；如另行邮寄或当面提供，请在答复要点中写明。</Notice>
      ) : null}
    </>
  );
}

export function ActionForms(props: { data: CasePageData; csrf: string; state: FormState | undefined }) {
  const { c, clock, rules, today, pending } = props.data;
  const base = (slug: ActionSlug, initial: Values = {}) => stateFor(props.state, slug, { on: today, ...initial });
  const form = (slug: ActionSlug, folded = false): ComponentChildren => {
    const p = base(slug);
    const note = (label = formLabels[slug].note ?? '备注') => <TextArea name="note" label={label} rows={2} maxLength={2000} {...p} />;
    const on = () => <TextField name="on" label={formLabels[slug].on ?? '日期'} type="date" required {...p} />;
    switch (slug) {
      case 'assign':
        return (
          <ActionForm id={c.id} slug={slug} csrf={props.csrf} folded={folded} hint={props.data.department ? `现由${props.data.department.name}承办；如需改派，请选择其他处室。` : undefined}>
            <SelectField name="departmentId" label="承办处室" required placeholder="请选择" options={props.data.departments.map((d) => ({ value: String(d.id), label: d.name }))} {...base(slug, { departmentId: c.department_id ? String(c.department_id) : '' })} />
            {note()}
          </ActionForm>
        );
      case 'correction': {
        const q = base(slug, { periodDays: String(rules.correctionPeriodDays) });
        return (
          <ActionForm id={c.id} slug={slug} csrf={props.csrf} folded={folded} hint={`补正通知应在收到申请后 ${rules.clock.correctionNoticeDays} 个工作日内（${clock.correctionNoticeDueOn} 前）一次性告知，只能发出一次。计时中止，收到补正材料后答复期限重新计算。`}>
            <TextField name="on" label="通知日期" type="date" required {...q} />
            <TextArea name="items" label="补正事项" hint="每行一项，一次性列明全部需要补正的内容" rows={4} required maxLength={4000} {...q} />
            <TextField name="periodDays" label="补正期限（工作日）" inputMode="numeric" maxLength={2} required {...q} />
            <TextArea name="note" label="备注" rows={2} maxLength={2000} {...q} />
          </ActionForm>
        );
      }
      case 'correction-received':
        return <ActionForm id={c.id} slug={slug} csrf={props.csrf} folded={folded} hint={`补正期限至 ${clock.waitingUntil ?? '—'}`}>{on()}{note()}</ActionForm>;
      case 'consultation':
        return (
          <ActionForm id={c.id} slug={slug} csrf={props.csrf} folded={folded} hint={`第三方或其他机关应在 ${rules.clock.thirdPartyDays} 个工作日内答复；征求意见期间不计入答复期限。`}>
            {on()}
            <TextField name="party" label="征求意见对象" hint="第三方或其他机关的名称；多个对象一并列明" required maxLength={200} {...p} />
            {note()}
          </ActionForm>
        );
      case 'consultation-end':
        return <ActionForm id={c.id} slug={slug} csrf={props.csrf} folded={folded} hint={clock.consultation ? `${clock.consultation.party}，${clock.consultation.startedOn} 起，应于 ${clock.consultation.thirdPartyDueOn} 前答复` : undefined}>{on()}{note()}</ActionForm>;
      case 'extension':
        return (
          <ActionForm id={c.id} slug={slug} csrf={props.csrf} folded={folded} hint={`须经负责人批准，延期合计不超过 ${rules.clock.extensionMaxDays} 个工作日（已延期 ${clock.extendedDays} 个工作日）。`}>
            <TextField name="days" label="延期天数（工作日）" inputMode="numeric" maxLength={2} required {...base(slug, { days: String(rules.clock.extensionMaxDays - clock.extendedDays) })} />
            <TextArea name="reason" label="延期理由" rows={3} required maxLength={2000} {...p} />
          </ActionForm>
        );
      case 'extension-decision':
        return (
          <ActionForm id={c.id} slug={slug} csrf={props.csrf} folded={folded} hint={`承办处室申请延期 ${pending?.days ?? 0} 个工作日。批准后将告知申请人。`}>
            <ChoiceGroup type="radio" name="decision" label="审批意见" required options={[{ value: 'approve', label: '批准延期' }, { value: 'reject', label: '不批准' }]} {...base(slug, { decision: 'approve', days: String(pending?.days ?? '') })} />
            <TextField name="days" label="批准延期天数（工作日）" inputMode="numeric" maxLength={2} {...base(slug, { decision: 'approve', days: String(pending?.days ?? '') })} />
            {note()}
          </ActionForm>
        );
      case 'fee': {
        const q = base(slug, { method: 'count' });
        return (
          <ActionForm id={c.id} slug={slug} csrf={props.csrf} folded={folded} hint={`按件或按量计收，二者择一（国办函〔2020〕109号）。计时中止，申请人应在 ${rules.clock.feePaymentDays} 个工作日内缴费，逾期视为放弃申请。`}>
            <TextField name="on" label="通知日期" type="date" required {...q} />
            <ChoiceGroup type="radio" name="method" label="收费方式" required options={[{ value: 'count', label: '按件计收', hint: '按申请人本自然月内的申请件数' }, { value: 'pages', label: '按量计收', hint: '按提供信息的页数' }]} {...q} />
            <TextField name="pages" label="页数（按量计收时填写）" inputMode="numeric" maxLength={7} {...q} />
            <TextArea name="note" label="备注" rows={2} maxLength={2000} {...q} />
          </ActionForm>
        );
      }
      case 'fee-paid':
        return <ActionForm id={c.id} slug={slug} csrf={props.csrf} folded={folded} hint={`缴费期限至 ${clock.waitingUntil ?? '—'}`}>{on()}{note()}</ActionForm>;
      case 'later-date':
        return (
          <ActionForm id={c.id} slug={slug} csrf={props.csrf} folded={folded} hint="申请的数量、频次明显超过合理范围、理由合理但无法在法定期限内答复的，可确定合理的答复期限并告知申请人。">
            {on()}
            <TextField name="laterDueOn" label="合理答复期限" type="date" required {...p} />
            <TextArea name="reason" label="理由" rows={3} required maxLength={2000} {...p} />
          </ActionForm>
        );
      case 'reply':
        return (
          <ActionForm id={c.id} slug={slug} csrf={props.csrf} folded={folded} hint="答复类型与年度报告的统计口径一致。答复告知书由答复模板生成。" before={releasedNotes(props.data)} multipart>
            {on()}
            <SelectField name="replyType" label="答复类型" required placeholder="请选择" options={replyTypeCodes.filter((t) => t !== lapseReplyTypes.correction && t !== lapseReplyTypes.fee).map((t) => ({ value: t, label: `${replyGroups[replyTypes[t].group]} ${replyTypes[t].label}` }))} {...p} />
            {note()}
            <FileInput id="f-reply-file" label="随答复一并上传公开信息（可选）" hint={`仅“予以公开”“部分公开”。${releasedHint}发现疑似敏感信息的，文件保留在本页，核查确认后再答复。`} error={p.errors.file} />
          </ActionForm>
        );
      case 'close':
        return <ActionForm id={c.id} slug={slug} csrf={props.csrf} folded={folded} hint={c.status === 'replied' ? '答复已送达的，办结本申请。' : `申请人${clock.lapsed === 'fee' ? '逾期未缴费' : '逾期未补正'}，办结后按“其他处理”统计并告知申请人。`}>{note()}</ActionForm>;
      case 'withdraw':
        return <ActionForm id={c.id} slug={slug} csrf={props.csrf} folded={folded} hint="申请人书面或当面表示撤回申请的，登记撤回并办结。">{note()}</ActionForm>;
    }
  };
  if (props.data.forms.length === 0) return <p class="meta">当前没有您可以进行的办理操作。</p>;
  const primary = nextAction(props.data);
  const others = props.data.forms.filter((slug) => slug !== primary);
  return (
    <>
      {primary ? <div>{form(primary)}</div> : null}
      {others.length ? (
        <>
          <h3 class="more-actions">{primary ? '其他办理操作' : '办理操作'}</h3>
          {others.map((slug) => (
            // A form sent back with errors stays open.
            <details key={slug} id={`d-${slug}`} class="action-more" open={props.state?.form === slug}>
              <summary>{titles[slug]}</summary>
              {form(slug, true)}
            </details>
          ))}
        </>
      ) : null}
    </>
  );
}
