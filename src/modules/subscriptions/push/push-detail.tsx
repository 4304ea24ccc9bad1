import type { FastifyRequest } from 'fastify';
import { ChoiceGroup, Form, Notice, TextArea, type Errors, type Values } from '../../../platform/views/forms.js';
import { may, type PushActor } from './push.service.js';
import type { ChannelStats } from './push.stats.js';
import type { PushRow } from './push.store.js';
import { ChannelStatsView, RatingStatsView } from './push.views.js';
import { PUSH_APPROVE_ROLES, PUSH_SEND_ROLES, pushLimits } from './push.vocabulary.js';

/** The buttons a push offers this person in its current state; the service checks again. */
export function PushDecisionForms(props: { request: FastifyRequest; push: PushRow; actor: PushActor; editable: boolean; cancellable: boolean; values: Values; errors: Errors }) {
  const { push, actor, request } = props;
  const csrf = request.csrfToken();
  const own = push.created_by === actor.id;
  const isAdmin = may(actor, ['admin']);
  return (
    <>
      {props.editable ? (
        <section class="panel">
          <h2>{push.status === 'rejected' ? '修改后重新提交' : '提交审批'}</h2>
          <p>请核对上面的受众和预计人数。提交后由起草人以外的审核人员或负责人审批。</p>
          <div class="row-actions">
            <a class="button button-secondary" href={`/console/pushes/${push.id}/edit`}>修改</a>
            <Form action={`/console/pushes/${push.id}/submit`} csrfToken={csrf} class="inline-form" label="提交审批"><button class="button" type="submit">提交审批</button></Form>
          </div>
        </section>
      ) : null}
      {push.status === 'pending_approval' && may(actor, PUSH_APPROVE_ROLES) && !own ? (
        <section class="panel">
          <h2>审批</h2>
          <Form action={`/console/pushes/${push.id}/review`} csrfToken={csrf} class="form-narrow" label="审批推送">
            <ChoiceGroup type="radio" name="decision" label="审批结论" required values={props.values} errors={props.errors} options={[{ value: 'approve', label: '批准推送' }, { value: 'reject', label: '退回修改' }]} />
            <TextArea name="comment" label="意见" hint="退回时必填" values={props.values} errors={props.errors} rows={3} maxLength={pushLimits.commentMax} />
            <button class="button" type="submit">提交审批意见</button>
          </Form>
        </section>
      ) : null}
      {push.status === 'pending_approval' && own ? <Notice kind="info">等待审核人员或负责人审批。起草人不能审批自己的推送。</Notice> : null}
      {push.status === 'approved' && may(actor, PUSH_SEND_ROLES) && (!own || isAdmin) ? (
        <section class="panel">
          <h2>发送</h2>
          <p>发送后，推送进入投递队列，按受众逐批写入收件人的消息中心；重复点击不会重复发送。</p>
          <Form action={`/console/pushes/${push.id}/send`} csrfToken={csrf} label="发送推送"><button class="button" type="submit">发送推送</button></Form>
        </section>
      ) : null}
      {props.cancellable ? (
        <Form action={`/console/pushes/${push.id}/cancel`} csrfToken={csrf} label="取消推送"><button class="button button-danger" type="submit">取消推送</button></Form>
      ) : null}
    </>
  );
}

export function PushStatsSection(props: { channels: ChannelStats[]; ratings: { useful: number; notUseful: number } }) {
  return (
    <section>
      <h2>推送统计</h2>
      <ChannelStatsView rows={props.channels} caption="各渠道投递情况（人次）" chartLabel="各渠道投递情况柱状图" />
      <RatingStatsView useful={props.ratings.useful} notUseful={props.ratings.notUseful} />
    </section>
  );
}
