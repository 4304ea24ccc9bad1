import { ErrorSummary, Notice } from '../../../../platform/views/forms.js';
import { applicantColumns, caseStatuses, channels, replyTypes, type ApplicantColumn, type CaseStatus, type Channel, type ReplyType } from '../../applications.vocabulary.js';
import { isReplyType } from '../outcome.service.js';
import { eventLabels } from '../transitions.js';
import { ActionForms, formLabels } from './actions.view.js';
import { missingRecordsWarning } from '../released.service.js';
import { describeEvent, type CasePageData } from './case.data.js';
import { fmtTime, type FormState } from './form.js';
import { releasedLabels, ReleasedSection } from './released.view.js';

const done: Record<string, string> = {
  registered: '申请已登记，受理回执已发送给申请人。',
  assign: '已分办。',
  correction: '补正通知已发出，计时中止。',
  'correction-received': '已登记收到补正材料，答复期限已重新计算。',
  consultation: '已登记征求意见，征求意见期间不计入答复期限。',
  'consultation-end': '已登记征求意见结束，答复期限已顺延。',
  extension: '延期申请已提交负责人审批。',
  'extension-decision': '已审批延期申请。',
  fee: '收费通知已发出，计时中止。',
  'fee-paid': '已登记缴费，答复期限已顺延。',
  'later-date': '已确定合理答复期限并告知申请人。',
  reply: '已登记答复。',
  close: '已办结。',
  withdraw: '已登记撤回。',
  'released-clean': '已上传公开信息，自动检查未发现敏感信息。',
  'released-findings': '已上传公开信息。自动检查发现疑似敏感信息：请替换为处理后的文件，或核查后确认可以公开，方可答复。',
  'released-unreadable': '已上传公开信息。该文件无法自动检查（如扫描件、图片），须人工核查并确认后方可答复。',
  'released-confirm': '已确认该文件经核查可以公开，核查意见已记录。',
  'released-remove': '已删除该文件。',
};

function Dl(props: { rows: [string, string | null | undefined][] }) {
  return (
    <dl class="facts">
      {props.rows.map(([k, v]) => (
        <div key={k}><dt>{k}</dt><dd>{v || '—'}</dd></div>
      ))}
    </dl>
  );
}

export function CasePage(props: { data: CasePageData; csrf: string; state?: FormState; done?: string }) {
  const { c, clock, events, department, today } = props.data;
  const status = c.status as CaseStatus;
  const labels = props.state ? (props.state.form.startsWith('released') ? releasedLabels : (formLabels[props.state.form as keyof typeof formLabels] ?? {})) : {};
  // After 予以公开 / 部分公开 without records for an applicant who wanted them electronically: said once more.
  const replyWarning = props.done === 'reply' && c.reply_type && isReplyType(c.reply_type) ? missingRecordsWarning(c.reply_type, c.delivery_form, props.data.released.length, 'after') : null;
  const open = !['replied', 'closed'].includes(status);
  const overdue = open && clock.dueOn !== null && clock.dueOn < today;
  return (
    <>
      {props.done && done[props.done] ? <Notice kind={props.done === 'released-findings' || props.done === 'released-unreadable' ? 'warning' : 'success'}>{done[props.done]}</Notice> : null}
      {replyWarning ? <Notice kind="warning">{replyWarning}</Notice> : null}
      {props.state ? <ErrorSummary errors={props.state.errors} labels={labels} idPrefix={`${props.state.form}-`} /> : null}
      <p>
        <span class={status === 'closed' ? 'tag tag-green' : 'tag'}>{caseStatuses[status] ?? c.status}</span>
        {overdue ? <span class="tag tag-red">已逾期</span> : null}
        {c.excessive ? <span class="tag">超出合理范围（第三十五条）</span> : null}
        {props.data.pending ? <span class="tag tag-amber">延期待负责人审批（{props.data.pending.days} 个工作日）</span> : null}
      </p>

      <section aria-labelledby="s-deadline" class="panel" id="deadline">
        <h2 id="s-deadline">答复期限</h2>
        {open ? (
          clock.dueOn ? (
            <p class="lede">应于 <strong>{clock.dueOn}</strong> 前答复{overdue ? '（已逾期）' : ''}</p>
          ) : (
            <p class="lede">计时中止：待申请人{clock.stoppedFor === 'fee' ? '缴费' : '补正'}，期限至 <strong>{clock.waitingUntil ?? '—'}</strong>{clock.lapsed ? '（已届满）' : ''}</p>
          )
        ) : (
          <p class="lede">{c.replied_on ? `已于 ${c.replied_on} 答复` : ''}{c.reply_type && Object.hasOwn(replyTypes, c.reply_type) ? `：${replyTypes[c.reply_type as ReplyType].label}` : ''}{c.closed_on ? `；${c.closed_on} 办结` : ''}</p>
        )}
        {clock.consultation ? <p>征求意见中：{clock.consultation.party}（{clock.consultation.startedOn} 起，对方应于 {clock.consultation.thirdPartyDueOn} 前答复）</p> : null}
        {clock.warnings.map((w) => <Notice key={w} kind="warning">{w}</Notice>)}
        <h3>计算过程</h3>
        <ol class="steps">
          {clock.steps.map((s, i) => <li key={i}><time datetime={s.on}>{s.on}</time> {s.text.startsWith(s.on) ? s.text.slice(s.on.length).trim() : s.text}</li>)}
        </ol>
        <p class="meta">期限按工作日计算：起算日不计入，期限届满日为休息日的顺延至下一个工作日；放假和调休按工作日历。</p>
        {props.data.reminders.length ? <p class="meta">已发送提醒：{props.data.reminders.map((r) => `${r.on_date}（${describeEvent(r)}）`).join('；')}</p> : null}
      </section>

      <section aria-labelledby="s-abuse" class="panel">
        <h2 id="s-abuse">申请频次与重复申请</h2>
        <p>该申请人 {c.submitted_at.slice(0, 7)} 月共提出 <strong>{props.data.monthStats.count}</strong> 件申请{props.data.monthStats.count > 10 ? '，已超过按件计收的免费件数' : ''}。</p>
        {props.data.similar.length === 0 ? <p class="meta">未发现该申请人此前提出的相同或相近申请。</p> : (
          <>
            <p>该申请人此前有内容相近的申请（可能属于重复申请）：</p>
            <ul>
              {props.data.similar.map((s) => (
                <li key={s.id}><a href={`/console/applications/${s.id}`}>{s.number}</a>（{s.receivedOn} 收到，相似度 {Math.round(s.score * 100)}%{s.replyType && Object.hasOwn(replyTypes, s.replyType) ? `，已答复：${replyTypes[s.replyType as ReplyType].label}` : ''}）</li>
              ))}
            </ul>
          </>
        )}
      </section>

      <section aria-labelledby="s-applicant">
        <h2 id="s-applicant">申请人</h2>
        <Dl rows={[
          ['姓名或名称', c.applicant_name],
          ['类型', applicantColumns[c.applicant_column as ApplicantColumn] ?? c.applicant_column],
          ['证件号码', c.applicant_id_masked],
          ['联系电话', c.contact_phone],
          ['电子邮箱', c.contact_email],
          ['通信地址', c.contact_address],
        ]} />
      </section>

      <section aria-labelledby="s-request">
        <h2 id="s-request">申请内容</h2>
        <div class="request-text">{c.description.split(/\n+/).map((line, i) => <p key={i}>{line}</p>)}</div>
        <Dl rows={[
          ['申请方式', channels[c.channel as Channel] ?? c.channel],
          [c.channel === 'online' ? '提交时间' : '提交日期', c.channel === 'online' ? fmtTime(c.submitted_at) : c.submitted_at.slice(0, 10)],
          ['收到申请日期', c.received_on],
          ['获取信息的方式', c.delivery_form],
          ['承办处室', department?.name ?? '未分办'],
        ]} />
      </section>

      {props.data.released.length || props.data.mayRelease ? <ReleasedSection data={props.data} csrf={props.csrf} state={props.state} /> : null}

      <section aria-labelledby="s-actions" id="actions">
        <h2 id="s-actions">办理</h2>
        <ActionForms data={props.data} csrf={props.csrf} state={props.state} />
      </section>

      <section aria-labelledby="s-history" id="history">
        <h2 id="s-history">办理记录</h2>
        <div class="table-wrap">
          <table class="data">
            <caption class="visually-hidden">办理记录（按登记先后）</caption>
            <thead><tr><th scope="col">日期</th><th scope="col">事项</th><th scope="col">经办</th><th scope="col">说明</th><th scope="col">登记时间</th></tr></thead>
            <tbody>
              {events.map((e) => (
                <tr key={e.id}>
                  <td>{e.on_date}</td>
                  <td>{eventLabels[e.kind] ?? e.kind}</td>
                  <td>{e.actor_name}</td>
                  <td>{[describeEvent(e), e.note].filter(Boolean).join('；') || '—'}</td>
                  <td>{fmtTime(e.created_at)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
    </>
  );
}
