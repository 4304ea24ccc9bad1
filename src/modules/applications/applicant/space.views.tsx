import { ErrorSummary, Notice, TextArea, TextField, type Errors, type Values } from '../../../platform/views/forms.js';
import { shanghaiDate } from '../clock/receipt.js';
import { FileField, fileHint, UploadForm } from './apply.views.js';
import type { CaseFileRow } from './files.js';
import type { ApplicantCasePage, CaseListItem } from './space.data.js';

/** 我的申请 and one case: status, dates, notices, letters, and the 补正 / 缴费 forms. */

/** The Beijing date of a stored instant. */
const dayOf = (iso: string) => {
  try {
    return shanghaiDate(iso);
  } catch {
    return iso.slice(0, 10);
  }
};

const short = (text: string, max = 40) => {
  const first = text.split('\n')[0] ?? '';
  return first.length > max ? `${first.slice(0, max)}…` : first;
};

function deadline(c: { status: string; dueOn: string | null; waitingUntil: string | null; repliedOn: string | null }): string {
  if (c.dueOn) return c.dueOn;
  if (c.waitingUntil) return `${c.status === 'awaiting_fee' ? '缴费' : '补正'}期限 ${c.waitingUntil}（答复期限暂停计算）`;
  if (c.repliedOn) return `已于 ${c.repliedOn} 答复`;
  return '—';
}

export function CaseList(props: { items: CaseListItem[] }) {
  return (
    <>
      <h1>我的申请</h1>
      <p><a class="button" href="/apply">在线申请政府信息公开</a> <a href="/apply/guide">依申请公开指南</a></p>
      {props.items.length === 0 ? <p class="empty">您还没有在线提交过政府信息公开申请。</p> : (
        <div class="table-wrap">
          <table class="data">
            <caption class="visually-hidden">我在线提交的政府信息公开申请</caption>
            <thead><tr><th scope="col">申请编号</th><th scope="col">所需信息</th><th scope="col">状态</th><th scope="col">答复期限</th><th scope="col">最新通知</th></tr></thead>
            <tbody>
              {props.items.map((c) => (
                <tr key={c.id}>
                  <td><a href={`/space/applications/${c.id}`}>{c.number}</a></td>
                  <td>{short(c.description)}</td>
                  <td>{c.statusLabel}</td>
                  <td>{deadline(c)}</td>
                  <td>{c.latest ? `${c.latest.label}（${c.latest.on}）` : '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}

export interface FormState {
  form: 'correction' | 'payment';
  values: Values;
  errors: Errors;
}

export const spaceFormLabels: Record<string, string> = { text: '补正内容', file: '补正材料', reference: '交易流水号', receipt: '缴费凭证' };

const done: Record<string, string> = {
  correction: '补正材料已提交。答复期限自今天起重新计算。',
  payment: '已确认缴费。答复期限恢复计算。',
};

function Letters(props: { caseId: number; files: CaseFileRow[] }) {
  if (props.files.length === 0) return <p class="empty">暂无告知书。答复后，答复告知书将在这里提供下载。</p>;
  return (
    <ul>
      {props.files.map((f) => (
        <li key={f.id}><a href={`/space/applications/${props.caseId}/files/${f.id}`}>{f.filename}</a> <span class="meta">{dayOf(f.created_at)} · {Math.max(1, Math.round(f.size / 1024))} KB</span></li>
      ))}
    </ul>
  );
}

export function CaseDetail(props: { data: ApplicantCasePage; csrf: string; state?: FormState; done?: string }) {
  const { c, steps, corrections, fees, letters, released, uploads } = props.data;
  const state = props.state;
  const values = (form: FormState['form']) => (state?.form === form ? state.values : {});
  const errors = (form: FormState['form']) => (state?.form === form ? state.errors : {});
  const latestCorrection = corrections.at(-1);
  const latestFee = fees.at(-1);
  return (
    <>
      <h1>政府信息公开申请 {c.number}</h1>
      {props.done && done[props.done] ? <Notice kind="success">{done[props.done]}</Notice> : null}
      {state ? <ErrorSummary errors={state.errors} labels={spaceFormLabels} /> : null}
      <table class="data">
        <caption class="visually-hidden">申请信息</caption>
        <tbody>
          <tr><th scope="row">申请编号</th><td>{c.number}</td></tr>
          <tr><th scope="row">状态</th><td><strong>{c.statusLabel}</strong>{c.replyLabel ? `（${c.replyLabel}）` : ''}</td></tr>
          <tr><th scope="row">申请方式</th><td>{c.channel}</td></tr>
          <tr><th scope="row">收到申请日期</th><td>{c.receivedOn}</td></tr>
          <tr><th scope="row">答复期限</th><td>{deadline(c)}</td></tr>
          <tr><th scope="row">获取信息的方式</th><td>{c.deliveryForm}</td></tr>
          <tr><th scope="row">所需信息</th><td>{c.description.split('\n').map((line, i) => <p key={i}>{line}</p>)}</td></tr>
        </tbody>
      </table>

      {c.canCorrect && latestCorrection ? (
        <section class="panel" aria-labelledby="correction-title">
          <h2 id="correction-title">补正通知</h2>
          <p>{latestCorrection.on} 通知您补正以下内容：</p>
          <ol>{latestCorrection.items.map((item, i) => <li key={i}>{item}</li>)}</ol>
          <p>请于 <strong>{c.waitingUntil ?? latestCorrection.correctBy}</strong> 前提交补正材料。答复期限自我们收到补正材料之日起重新计算；无正当理由逾期不补正的，视为放弃申请。</p>
          <UploadForm action={`/space/applications/${c.id}/correction`} csrf={props.csrf} label="提交补正材料">
            <TextArea name="text" label={spaceFormLabels.text!} values={values('correction')} errors={errors('correction')} required rows={5} maxLength={5000} hint="请逐项说明补正的内容，例如补充信息的名称、文号、时间范围。" />
            <FileField name="file" label={`${spaceFormLabels.file!}（可选）`} hint={fileHint} errors={errors('correction')} />
            <button class="button" type="submit">提交补正</button>
          </UploadForm>
        </section>
      ) : null}

      {c.canConfirmPayment && latestFee ? (
        <section class="panel" aria-labelledby="fee-title">
          <h2 id="fee-title">收费通知</h2>
          <p>{latestFee.on} 通知您缴纳信息处理费 <strong>{latestFee.amount} 元</strong>，请于 <strong>{latestFee.payBy || '—'}</strong> 前缴纳；逾期未缴纳的，视为放弃申请。</p>
          {latestFee.basis ? <p class="meta">{latestFee.basis}</p> : null}
          <p>缴费后，请上传缴费凭证或填写交易流水号。</p>
          <UploadForm action={`/space/applications/${c.id}/payment`} csrf={props.csrf} label="确认已缴费">
            <TextField name="reference" label={spaceFormLabels.reference!} values={values('payment')} errors={errors('payment')} maxLength={64} autocomplete="off" hint="银行或支付平台的交易流水号（字母或数字）。" />
            <FileField name="receipt" label={`${spaceFormLabels.receipt!}（可选）`} hint={fileHint} errors={errors('payment')} />
            <button class="button" type="submit">确认已缴费</button>
          </UploadForm>
        </section>
      ) : null}

      <section aria-labelledby="letters-title">
        <h2 id="letters-title">告知书与通知书</h2>
        <Letters caseId={c.id} files={letters} />
      </section>

      {released.length ? (
        <section aria-labelledby="released-title">
          <h2 id="released-title">公开的政府信息</h2>
          <p class="meta">随答复告知书向您提供的政府信息（见告知书所附公开信息清单）。</p>
          <Letters caseId={c.id} files={released} />
        </section>
      ) : null}

      {steps.length ? (
        <section aria-labelledby="steps-title">
          <h2 id="steps-title">答复期限是怎样计算的</h2>
          <ol class="deadline-steps">{steps.map((s, i) => <li key={i}>{s.text}</li>)}</ol>
          <p class="meta">期限按工作日计算，不含周末和法定节假日，调休上班日计入。</p>
        </section>
      ) : null}

      {corrections.length || fees.length ? (
        <section aria-labelledby="notices-title">
          <h2 id="notices-title">通知</h2>
          <ul>
            {corrections.map((n, i) => <li key={`c${i}`}>{n.on} 补正通知：{n.items.map((item, j) => `${j + 1}. ${item}`).join('；')}；补正期限至 {n.correctBy}</li>)}
            {fees.map((n, i) => <li key={`f${i}`}>{n.on} 收费通知：信息处理费 {n.amount} 元{n.payBy ? `，缴费期限至 ${n.payBy}` : ''}</li>)}
          </ul>
        </section>
      ) : null}

      <section aria-labelledby="history-title">
        <h2 id="history-title">办理记录</h2>
        <table class="data">
          <thead><tr><th scope="col">日期</th><th scope="col">事项</th><th scope="col">说明</th></tr></thead>
          <tbody>{c.events.map((e, i) => <tr key={i}><td>{e.on}</td><td>{e.label}</td><td>{e.detail}</td></tr>)}</tbody>
        </table>
      </section>

      {uploads.length ? (
        <section aria-labelledby="uploads-title">
          <h2 id="uploads-title">您提交的材料</h2>
          <ul>{uploads.map((f) => <li key={f.id}>{f.filename} <span class="meta">{dayOf(f.created_at)}（加密保存，仅供工作人员查阅）</span></li>)}</ul>
        </section>
      ) : null}

      <p><a href="/space/applications">返回我的申请</a></p>
    </>
  );
}
