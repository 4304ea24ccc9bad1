import type { FastifyInstance, FastifyRequest } from 'fastify';
import { requirePublicUser } from '../../../app/guards.js';
import type { Services } from '../../../app/services.js';
import { notFound } from '../../../platform/http/errors.js';
import { parseId } from '../../../platform/http/ids.js';
import { ErrorSummary, Form, Notice, SelectField, type Errors, type Values } from '../../../platform/views/forms.js';
import { spacePage } from '../../space/space.routes.js';
import { channelCodes, frequencies, subscriptionChannels, subscriptionStatuses } from '../subscriptions.vocabulary.js';
import { placeValueError, subscribeLabels, subscriptionFromForm } from './subscribe.schemas.js';
import { cancelOwn, changeFrequency, describeSubscription, listForAccount, subscribe } from './subscribe.service.js';
import { accountContact } from './subscribe.store.js';
import { valueOptions } from './subscribe.values.js';
import { ChannelField, CriterionFields, FeedLinks, FrequencyField } from './subscribe.views.js';

const notices: Record<string, string> = { added: '已订阅。有符合条件的新文件发布时，我们会按您选择的方式通知您。', changed: '已修改接收方式。', cancelled: '已退订。' };
const channelOptions = channelCodes.map((c) => ({ value: c, label: subscriptionChannels[c] }));
const frequencyOptions = Object.entries(frequencies).map(([value, label]) => ({ value, label }));

/** /space/subscriptions (我的订阅): list, add, change channel or frequency, cancel. */
export function subscribeSpaceRoutes(app: FastifyInstance, services: Services) {
  const database = services.database;

  interface PageState { values: Values; errors: Errors; done?: string; row?: { id: number; values: Values; errors: Errors } }

  const page = async (request: FastifyRequest, state: PageState) => {
    const viewer = request.viewer!;
    const [rows, options, contact] = await Promise.all([
      listForAccount(database.db, request.site.id, viewer.id), valueOptions(database.db, request.site.id), accountContact(database.db, viewer.id),
    ]);
    const csrf = request.csrfToken();
    return spacePage(request, '我的订阅', (
      <>
        <h1>我的订阅</h1>
        {state.done && notices[state.done] ? <Notice kind="success">{notices[state.done]}</Notice> : null}
        {state.row ? <ErrorSummary errors={state.row.errors} labels={subscribeLabels} idPrefix={`s${state.row.id}-`} /> : null}
        <p class="lede">按主题、标签、发文机关、文件类型或关键词订阅新发布的政策文件。短信只推送服务类政策。</p>
        {rows.length === 0 ? <p class="empty">您还没有订阅。</p> : (
          <div class="table-wrap">
            <table class="data">
              <caption>当前订阅（{rows.length} 项）</caption>
              <thead><tr><th scope="col">订阅内容</th><th scope="col">状态</th><th scope="col">接收方式和频率</th><th scope="col">退订</th></tr></thead>
              <tbody>
                {rows.map((r) => {
                  const mine = state.row?.id === r.id ? state.row : undefined;
                  const values = mine?.values ?? { channel: r.channel, frequency: r.frequency };
                  const errors = mine?.errors ?? {};
                  return (
                    <tr key={r.id}>
                      <td>{describeSubscription(r)}</td>
                      <td>{subscriptionStatuses[r.status as keyof typeof subscriptionStatuses] ?? r.status}</td>
                      <td>
                        <Form action={`/space/subscriptions/${r.id}`} csrfToken={csrf} class="inline-form" label={`修改${describeSubscription(r)}的接收方式`}>
                          <SelectField name="channel" idPrefix={`s${r.id}-`} label={subscribeLabels.channel!} values={values} errors={errors} options={channelOptions} />
                          <SelectField name="frequency" idPrefix={`s${r.id}-`} label={subscribeLabels.frequency!} values={values} errors={errors} options={frequencyOptions} />
                          <button class="button button-secondary" type="submit">修改</button>
                        </Form>
                      </td>
                      <td>
                        <Form action={`/space/subscriptions/${r.id}/cancel`} csrfToken={csrf} class="inline-form" label={`退订${describeSubscription(r)}`}>
                          <button class="link-button" type="submit">退订</button>
                        </Form>
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        )}
        <section class="panel">
          <h2>新增订阅</h2>
          <ErrorSummary errors={state.errors} labels={subscribeLabels} />
          <Form action="/space/subscriptions" csrfToken={csrf} class="form-narrow" label="新增订阅">
            <CriterionFields values={state.values} errors={state.errors} options={options} />
            <ChannelField values={state.values} errors={state.errors} hasEmail={Boolean(contact?.email)} hasMobile={Boolean(contact?.mobile)} />
            <FrequencyField values={state.values} errors={state.errors} />
            <div class="actions"><button class="button" type="submit">订阅</button></div>
          </Form>
        </section>
        <FeedLinks criterion={state.values.criterion} value={state.values[`value_${String(state.values.criterion ?? '')}`]} />
        <p><a href="/space/tags">设置我的标签</a>：选择您所在的行业、规模、区域和人群，接收面向您的精准推送。</p>
      </>
    ));
  };

  app.get<{ Querystring: { criterion?: string; value?: string; done?: string } }>('/space/subscriptions', async (request, reply) => {
    requirePublicUser(request);
    const { criterion, value } = request.query;
    const values: Values = { channel: 'inbox', frequency: 'immediate' };
    if (typeof criterion === 'string' && typeof value === 'string') Object.assign(values, { criterion, [`value_${criterion}`]: value.slice(0, 100) });
    return reply.page(await page(request, { values, errors: {}, done: request.query.done }));
  });

  app.post('/space/subscriptions', async (request, reply) => {
    const viewer = requirePublicUser(request);
    const body = (request.body ?? {}) as Values;
    const outcome = await subscribe(database, request.site.id, viewer.id, subscriptionFromForm(body), request.auditActor());
    if (!outcome.ok) return reply.page(await page(request, { values: body, errors: placeValueError(outcome.errors, body.criterion) }), 422);
    return reply.redirect('/space/subscriptions?done=added', 303);
  });

  const idOf = (raw: string) => {
    const id = parseId(raw);
    if (!id) throw notFound('该订阅');
    return id;
  };

  app.post<{ Params: { id: string } }>('/space/subscriptions/:id', async (request, reply) => {
    const viewer = requirePublicUser(request);
    const id = idOf(request.params.id);
    const body = (request.body ?? {}) as Values;
    const outcome = await changeFrequency(database, request.site.id, viewer.id, id, body, request.auditActor());
    if (!outcome.ok) {
      if (outcome.errors[''] === 'not_found') throw notFound('该订阅');
      return reply.page(await page(request, { values: { channel: 'inbox', frequency: 'immediate' }, errors: {}, row: { id, values: body, errors: outcome.errors } }), 422);
    }
    return reply.redirect('/space/subscriptions?done=changed', 303);
  });

  app.post<{ Params: { id: string } }>('/space/subscriptions/:id/cancel', async (request, reply) => {
    const viewer = requirePublicUser(request);
    const outcome = await cancelOwn(database, request.site.id, viewer.id, idOf(request.params.id), request.auditActor());
    if (!outcome.ok) throw notFound('该订阅');
    return reply.redirect('/space/subscriptions?done=cancelled', 303);
  });
}
