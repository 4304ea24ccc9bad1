import { ChoiceGroup, ErrorSummary, SelectField, TextArea, TextField } from '../../../platform/views/forms.js';
import type { Viewer } from '../../accounts/accounts.service.js';
import { staffRoles } from '../../accounts/roles.js';
import { disclosureAttributes, documentStatuses, reviewStepOrder, reviewSteps, withholdingReasons } from '../documents.vocabulary.js';
import { approvedSteps, publishRoles, stepRoles, withdrawRoles } from '../workflow.service.js';
import { access, canUse, fmtTime, holds, statusTagClass } from './context.js';
import { PUSH_COMPOSE_ROLES } from '../../subscriptions/push/push.vocabulary.js';
import { stateFor, type FormState, type WorkbenchData } from './workbench.data.js';

export const reviewLabels = { decision: '审查结论', comment: '审查意见', disclosure: '公开属性', reason: '不予公开理由', targeted: '定向公开', recipients: '定向公开接收账号', version: '版本' };
export const publishLabels = { when: '发布方式', at: '定时发布时间' };
export const withdrawLabels = { reason: '撤回理由' };
const decisionLabels: Record<string, string> = { approve: '通过', reject: '退回', migrated: '迁移记录' };

const entries = (vocabulary: Record<string, string>) => Object.entries(vocabulary).map(([value, label]) => ({ value, label }));


interface Props {
  data: WorkbenchData;
  viewer: Viewer;
  csrf: string;
  state?: FormState;
}

/** Whether this viewer is the document's author or wrote the version under review (may not review it). */
export const isAuthor = (data: WorkbenchData, viewer: Viewer) => data.doc.owner_id === viewer.id || data.version?.created_by === viewer.id;

function ReviewForm({ data, csrf, state }: Props) {
  const { doc, step } = data;
  if (!step) return null;
  const s = stateFor(state, 'review', { disclosure: doc.disclosure ?? '', reason: doc.disclosure_reason ?? '', targeted: doc.targeted ? 'on' : '', recipients: data.recipients.join('、') });
  return (
    <form method="post" action={`/console/documents/${doc.id}/review`} novalidate aria-labelledby="review-title" class="panel">
      <h3 id="review-title">{reviewSteps[step]}（第 {doc.current_version} 版）</h3>
      <ErrorSummary errors={s.errors} labels={reviewLabels} />
      <input type="hidden" name="_csrf" value={csrf} />
      <input type="hidden" name="version" value={String(doc.current_version)} />
      {step === 'attribute' ? (
        <>
          <ChoiceGroup type="radio" name="disclosure" label={reviewLabels.disclosure} {...s} required options={entries(disclosureAttributes)} />
          <SelectField name="reason" label={reviewLabels.reason} {...s} placeholder="（认定为不予公开时选择法定理由）" options={entries(withholdingReasons)} />
          <ChoiceGroup type="checkbox" name="targeted" label={reviewLabels.targeted} {...s} options={[{ value: 'on', label: '仅向指定账号公开（定向公开）' }]} />
          <TextArea name="recipients" label={reviewLabels.recipients} {...s} rows={2} hint="定向公开时填写接收人注册账号的电子邮箱或手机号，多个用“、”或换行分隔" maxLength={2000} />
        </>
      ) : null}
      <ChoiceGroup type="radio" name="decision" label={reviewLabels.decision} {...s} required options={[{ value: 'approve', label: '通过' }, { value: 'reject', label: '退回修改' }]} />
      <TextArea name="comment" label={reviewLabels.comment} {...s} rows={3} hint="退回时必须填写意见" maxLength={1000} />
      <button type="submit" class="button">提交审查意见</button>
    </form>
  );
}

function PublishForm({ data, csrf, state }: Props) {
  const s = stateFor(state, 'publish', { when: 'now' });
  return (
    <form method="post" action={`/console/documents/${data.doc.id}/publish`} novalidate aria-labelledby="publish-title" class="panel">
      <h3 id="publish-title">发布</h3>
      <ErrorSummary errors={s.errors} labels={publishLabels} />
      <input type="hidden" name="_csrf" value={csrf} />
      <ChoiceGroup type="radio" name="when" label={publishLabels.when} {...s} options={[{ value: 'now', label: '立即发布' }, { value: 'schedule', label: '定时发布' }]} />
      <TextField name="at" type="datetime-local" label={`${publishLabels.at}（北京时间）`} {...s} hint="选择“定时发布”时填写，须晚于当前时间" />
      <button type="submit" class="button">发布</button>
    </form>
  );
}

function WithdrawForm({ data, csrf, state }: Props) {
  const s = stateFor(state, 'withdraw', {});
  return (
    <form method="post" action={`/console/documents/${data.doc.id}/withdraw`} novalidate aria-labelledby="withdraw-title" class="panel">
      <h3 id="withdraw-title">撤回</h3>
      <ErrorSummary errors={s.errors} labels={withdrawLabels} />
      <input type="hidden" name="_csrf" value={csrf} />
      <TextArea name="reason" label={withdrawLabels.reason} {...s} rows={2} required hint="撤回理由将记录在案，并在公开页面说明" maxLength={500} />
      <button type="submit" class="button button-danger">撤回</button>
    </form>
  );
}

const roleNames = (roles: readonly string[]) => roles.map((r) => staffRoles[r as keyof typeof staffRoles] ?? r).join('或');

/** 审查与发布: where the document stands and the one next action this viewer may take. */
export function WorkflowSection(props: Props) {
  const { data, viewer, csrf } = props;
  const { doc, step } = data;
  const done = approvedSteps(data.reviews, doc.current_version);
  return (
    <section aria-labelledby="s-workflow">
      <h2 id="s-workflow">审查与发布</h2>
      <p>
        当前状态：<span class={statusTagClass[doc.status] ?? 'tag'}>{documentStatuses[doc.status as keyof typeof documentStatuses] ?? doc.status}</span>
        第 {doc.current_version} 版
        {doc.published_version ? `；已发布第 ${doc.published_version} 版（${fmtTime(doc.published_at)}）` : ''}
        {doc.status === 'scheduled' ? `；定时于 ${fmtTime(doc.scheduled_at)} 发布` : ''}
      </p>
      <ol aria-label="本版本的审查环节">
        {reviewStepOrder.map((s) => <li key={s}>{reviewSteps[s]}：{done.includes(s) ? '已通过' : s === step ? '待审查' : '未开始'}</li>)}
      </ol>
      {doc.status === 'draft' && canUse(viewer, access.edit) ? (
        <form method="post" action={`/console/documents/${doc.id}/submit`} class="actions">
          <input type="hidden" name="_csrf" value={csrf} />
          <button type="submit" class="button">送审（第 {doc.current_version} 版）</button>
          <span class="hint">送审后依次进行公开属性认定、保密审查、审核签发，均须由他人办理</span>
        </form>
      ) : null}
      {doc.status === 'in_review' && step ? (
        holds(viewer, stepRoles[step]) && !isAuthor(data, viewer) ? (
          <ReviewForm {...props} />
        ) : (
          <p class="meta">
            等待“{reviewSteps[step]}”，由{roleNames(stepRoles[step])}办理。
            {holds(viewer, stepRoles[step]) ? '您起草或修改了本文件，不能审查本文件。' : ''}
          </p>
        )
      ) : null}
      {doc.status === 'approved' && holds(viewer, publishRoles) ? (
        data.blockers.length ? (
          <div class="notice notice-warning" role="status">
            <h3>暂不能发布</h3>
            <ul>{data.blockers.map((b) => <li key={b}>{b}</li>)}</ul>
          </div>
        ) : (
          <PublishForm {...props} />
        )
      ) : doc.status === 'approved' ? (
        <p class="meta">已审定，待{roleNames(publishRoles)}发布。</p>
      ) : null}
      {(doc.status === 'published' || doc.status === 'scheduled') && holds(viewer, withdrawRoles) ? <WithdrawForm {...props} /> : null}
      {doc.status === 'published' && doc.disclosure === 'proactive' && !doc.targeted && doc.type !== 'interpretation' && holds(viewer, PUSH_COMPOSE_ROLES) ? <p><a href={`/console/pushes/new?document=${doc.id}`}>精准推送</a>：把本文件推送给相关企业和群众</p> : null}
      {doc.status === 'withdrawn' ? <p>已于 {fmtTime(doc.withdrawn_at)} 撤回，理由：{doc.withdrawn_reason}</p> : null}
      <h3>审查记录</h3>
      {data.reviews.length === 0 ? (
        <p class="empty">尚无审查记录。</p>
      ) : (
        <div class="table-wrap">
          <table class="data">
            <thead><tr><th scope="col">时间</th><th scope="col">版本</th><th scope="col">环节</th><th scope="col">结论</th><th scope="col">审查人</th><th scope="col">意见</th></tr></thead>
            <tbody>
              {data.reviews.map((r) => (
                <tr key={r.id}>
                  <td>{fmtTime(r.created_at)}</td><td>第 {r.version} 版</td>
                  <td>{reviewSteps[r.step as keyof typeof reviewSteps] ?? r.step}</td>
                  <td><span class={r.decision === 'reject' ? 'tag tag-red' : 'tag tag-green'}>{decisionLabels[r.decision] ?? r.decision}</span></td>
                  <td>{r.reviewer_name}</td><td>{r.comment || '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
