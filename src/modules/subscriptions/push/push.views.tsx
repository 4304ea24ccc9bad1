import type { FastifyRequest } from 'fastify';
import { shanghaiDate } from '../../documents/portal/format.js';
import { ChoiceGroup, ErrorSummary, Form, Notice, TextArea, TextField, type Errors, type Values } from '../../../platform/views/forms.js';
import type { PushAudience } from '../notify-event.js';
import { TagPicker, chosenValues } from '../tags/tag-picker.js';
import type { TagRow } from '../tags/tags.service.js';
import { barChartSvg } from './push-chart.js';
import { pushLabels } from './push.schemas.js';
import type { ChannelStats } from './push.stats.js';
import { channelLabels, pushAccountKinds, pushExtraChannels, pushLimits, pushStatuses, type PushStatus } from './push.vocabulary.js';

export const fmt = (iso: string | null) => (iso ? new Date(iso).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false }).slice(0, -3) : '—');

const statusTone: Record<string, string> = { sent: 'tag-green', approved: 'tag-green', pending_approval: 'tag-amber', rejected: 'tag-red', cancelled: '' };
export function StatusTag(props: { status: string }) {
  return <span class={`tag ${statusTone[props.status] ?? ''}`}>{pushStatuses[props.status as PushStatus] ?? props.status}</span>;
}

/** The audience in words, for the approver and the list. */
export function describeAudience(audience: PushAudience, all: boolean, tags: TagRow[]): string {
  const byId = new Map(tags.map((t) => [t.id, t.label]));
  const parts: string[] = [];
  if (audience.tagIds.length) parts.push(`具有以下任一标签：${audience.tagIds.map((id) => byId.get(id) ?? `#${id}`).join('、')}`);
  if (audience.accountKinds.length) parts.push(`账号类型：${audience.accountKinds.map((k) => pushAccountKinds[k as keyof typeof pushAccountKinds] ?? k).join('、')}`);
  const who = parts.length ? parts.join('；') : all ? '全体用户' : '（未设置）';
  const extra = audience.channels.length ? `；另经${audience.channels.map((c) => channelLabels[c] ?? c).join('、')}（仅限订阅时选择了该方式的用户）` : '';
  return `${who}；站内消息${extra}`;
}

/** What the preview button compared: the submit is refused until this audience's count was shown. */
export const previewKey = (a: PushAudience) => `t:${[...a.tagIds].sort((x, y) => x - y).join(',')}|k:${[...a.accountKinds].sort().join(',')}`;

export interface DocumentChoice {
  id: number;
  title: string;
  doc_number: string | null;
  published_at: string | null;
}

/** Step one without JavaScript: search the published policies, then pick one. */
export function DocumentSearch(props: { q: string; results: DocumentChoice[]; action: string }) {
  return (
    <section class="panel">
      <h2>选择要推送的政策文件</h2>
      <Form action={props.action} method="get" csrfToken="" label="查找政策文件">
        <TextField name="q" label="标题或文号" values={{ q: props.q }} errors={{}} maxLength={100} hint="只列出本站已发布、主动公开且非定向公开的政策文件（不含解读）" />
        <div class="actions"><button class="button button-secondary" type="submit">查找</button></div>
      </Form>
      {props.results.length === 0 ? <p class="empty">没有找到符合条件的文件。</p> : (
        <div class="table-wrap" role="region" aria-labelledby="document-results-caption" tabIndex={0}>
          <table class="data">
            <caption id="document-results-caption">{props.q ? `“${props.q}”的查找结果` : '最近发布的政策文件'}（{props.results.length} 个）</caption>
            <thead><tr><th scope="col" class="col-wide">标题</th><th scope="col" class="col-wide">文号</th><th scope="col" class="nowrap">发布日期</th><th scope="col" class="nowrap">操作</th></tr></thead>
            <tbody>
              {props.results.map((d) => (
                <tr key={d.id}>
                  <td>{d.title}</td><td>{d.doc_number ?? '—'}</td><td class="nowrap">{shanghaiDate(d.published_at) || '—'}</td>
                  <td><a href={`${props.action}?document=${d.id}`}>选择<span class="visually-hidden">《{d.title}》</span></a></td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

export function ComposeForm(props: {
  request: FastifyRequest;
  action: string;
  document: DocumentChoice;
  values: Values;
  errors: Errors;
  tags: TagRow[];
  preview?: { count: number; key: string };
  changeHref?: string;
}) {
  const { values, errors } = props;
  return (
    <>
      <ErrorSummary errors={errors} labels={pushLabels} />
      {props.preview ? (
        <Notice kind="info">按当前受众条件，预计推送 <strong>{props.preview.count}</strong> 人（站内消息）。确认无误后请提交审批。</Notice>
      ) : null}
      <Form action={props.action} csrfToken={props.request.csrfToken()} label="起草精准推送">
        <input type="hidden" name="document_id" value={String(props.document.id)} />
        {props.preview ? <input type="hidden" name="previewed" value={props.preview.key} /> : null}
        <p>推送的政策文件：<a href={`/documents/${props.document.id}`}>《{props.document.title}》</a>{props.document.doc_number ? `（${props.document.doc_number}）` : ''}
          {props.changeHref ? <> <a href={props.changeHref}>更换文件</a></> : null}
        </p>
        <TextField name="title" label={pushLabels.title} values={values} errors={errors} required maxLength={pushLimits.titleMax} />
        <TextArea name="message" label={pushLabels.message} values={values} errors={errors} required rows={3} maxLength={pushLimits.messageMax} hint={`显示在收件人消息中心的简短说明，不超过 ${pushLimits.messageMax} 字`} />
        <TagPicker name="tag_ids" legend={pushLabels.tag_ids} hint="具有所选任一标签的用户都会收到；不选则不按标签筛选" tags={props.tags} by="id" chosen={new Set(chosenValues(values.tag_ids))} error={errors.tag_ids} />
        <ChoiceGroup type="checkbox" name="account_kinds" label={pushLabels.account_kinds} hint="不选则两类账号都推送" values={values} errors={errors} options={Object.entries(pushAccountKinds).map(([value, label]) => ({ value, label }))} />
        <ChoiceGroup type="checkbox" name="audience_all" label={pushLabels.audience_all} values={values} errors={errors} options={[{ value: 'on', label: '不设条件，推送给全体用户（须确认）' }]} />
        <ChoiceGroup type="checkbox" name="channels" label={pushLabels.channels} hint="站内消息总会发送；电子邮件、短信只发给在订阅中选择了该方式的用户" values={values} errors={errors} options={Object.entries(pushExtraChannels).map(([value, label]) => ({ value, label }))} />
        <div class="actions">
          <button class="button button-secondary" type="submit" name="action" value="preview">预览人数</button>
          <button class="button button-secondary" type="submit" name="action" value="draft">保存草稿</button>
          <button class="button" type="submit" name="action" value="submit">提交审批</button>
          <a href="/console/pushes">取消</a>
        </div>
      </Form>
    </>
  );
}

type Metric = Exclude<keyof ChannelStats, 'channel'>;
export const metricLabels: Record<Metric, string> = {
  matched: '命中', sent: '已发送', pending: '待发送', failed: '失败（将重试）', dead: '最终失败', skipped: '跳过', opened: '已读/打开', unsubscribed: '退订',
};
const chartMetrics = Object.keys(metricLabels) as Metric[];

/** The numbers as a chart (server-rendered SVG) with the same numbers in a table beside it. */
export function ChannelStatsView(props: { rows: (ChannelStats & { group?: string })[]; caption: string; chartLabel: string }) {
  if (props.rows.length === 0) return <p class="empty">暂无投递记录。推送发出后，投递引擎逐批写入投递记录，统计随之更新。</p>;
  const name = (r: ChannelStats & { group?: string }) => `${r.group ? `${r.group}·` : ''}${channelLabels[r.channel] ?? r.channel}`;
  const svg = barChartSvg({
    label: `${props.chartLabel}：${props.rows.map((r) => `${name(r)}${chartMetrics.map((m) => `${metricLabels[m]} ${r[m]}`).join('，')}`).join('；')}`,
    categories: props.rows.map(name),
    series: chartMetrics.map((m) => ({ name: metricLabels[m], data: props.rows.map((r) => r[m]) })),
  });
  return (
    <div class="push-stats">
      <figure>
        <div dangerouslySetInnerHTML={{ __html: svg }} />
        <figcaption class="hint">图表与下表数字相同。</figcaption>
      </figure>
      <div class="table-wrap" role="region" aria-label={props.caption} tabIndex={0}>
        <table class="data">
          <caption>{props.caption}</caption>
          <thead><tr><th scope="col" class="col-wide">渠道</th>{(Object.keys(metricLabels) as Metric[]).map((m) => <th scope="col" class="nowrap" key={m}>{metricLabels[m]}</th>)}</tr></thead>
          <tbody>
            {props.rows.map((r) => (
              <tr key={name(r)}><th scope="row">{name(r)}</th>{(Object.keys(metricLabels) as Metric[]).map((m) => <td key={m}>{r[m]}</td>)}</tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}

export function RatingStatsView(props: { useful: number; notUseful: number }) {
  const total = props.useful + props.notUseful;
  const pct = (n: number) => (total ? `${Math.round((n * 100) / total)}%` : '—');
  return (
    <div class="table-wrap" role="region" aria-label="收件人评价" tabIndex={0}>
      <table class="data">
        <caption>收件人评价（“这条推送对您有用吗？”）</caption>
        <thead><tr><th scope="col">评价</th><th scope="col">人数</th><th scope="col">占比</th></tr></thead>
        <tbody>
          <tr><th scope="row">有用</th><td>{props.useful}</td><td>{pct(props.useful)}</td></tr>
          <tr><th scope="row">没用</th><td>{props.notUseful}</td><td>{pct(props.notUseful)}</td></tr>
        </tbody>
      </table>
    </div>
  );
}
