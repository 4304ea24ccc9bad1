import { ErrorSummary, Form, SelectField, TextField, type Errors, type Values } from '../../../platform/views/forms.js';
import { criterionLabels, endpointLabels } from './webhooks.schemas.js';
import type { EndpointSummary } from './webhooks.store.js';

/* The pieces the console and the enterprise space share: the list, the form, the once-only secret. */

const fmt = (iso: string) => new Date(iso).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false }).slice(0, -3);
const criterionOptions = [{ value: '', label: '全部新发布的政策' }, ...Object.entries(criterionLabels).map(([value, label]) => ({ value, label }))];

function Action(props: { action: string; csrf: string; label: string; danger?: boolean }) {
  return (
    <form method="post" action={props.action} class="inline-form">
      <input type="hidden" name="_csrf" value={props.csrf} />
      <button class={`link-button${props.danger ? ' button-danger' : ''}`} type="submit">{props.label}</button>
    </form>
  );
}

export function EndpointTable(props: { rows: (EndpointSummary & { owner_name?: string | null })[]; base: string; csrf: string; showOwner?: boolean }) {
  if (props.rows.length === 0) return <p class="empty">尚未登记推送接口。</p>;
  return (
    <div class="table-wrap" role="region" aria-labelledby="endpoints-caption" tabIndex={0}>
      <table class="data">
        <caption id="endpoints-caption">已登记的推送接口（{props.rows.length} 个）</caption>
        <thead>
          <tr><th scope="col" class="col-wide">名称</th><th scope="col" class="col-wide">接收地址</th>{props.showOwner ? <th scope="col" class="nowrap">登记者</th> : null}<th scope="col" class="col-wide">筛选条件</th><th scope="col" class="nowrap">状态</th><th scope="col" class="nowrap">连续失败</th><th scope="col" class="nowrap">操作</th></tr>
        </thead>
        <tbody>
          {props.rows.map((r) => (
            <tr key={r.id}>
              <td>{r.name}</td>
              <td><code>{r.url}</code></td>
              {props.showOwner ? <td>{r.owner_name ?? '本站'}</td> : null}
              <td>{r.criterion ? `${criterionLabels[r.criterion] ?? r.criterion}：${r.value ?? ''}` : '全部'}</td>
              <td>{r.status === 'active' ? '启用' : <>已停用{r.disabled_at ? `（${fmt(r.disabled_at)}）` : ''}{r.disabled_reason ? <><br /><span class="meta">{r.disabled_reason}</span></> : null}</>}</td>
              <td>{r.consecutive_failures}</td>
              <td>
                <Action action={`${props.base}/${r.id}/test`} csrf={props.csrf} label="发送测试" />{' '}
                {r.status === 'active' ? null : <><Action action={`${props.base}/${r.id}/enable`} csrf={props.csrf} label="重新启用" />{' '}</>}
                <Action action={`${props.base}/${r.id}/rotate`} csrf={props.csrf} label="重置密钥" />{' '}
                <Action action={`${props.base}/${r.id}/delete`} csrf={props.csrf} label="删除" danger />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function EndpointForm(props: { action: string; cancel: string; csrf: string; values: Values; errors: Errors }) {
  const { values, errors } = props;
  return (
    <>
      <ErrorSummary errors={errors} labels={endpointLabels} />
      <Form action={props.action} csrfToken={props.csrf} class="form-narrow" label="登记推送接口">
        <TextField name="name" label={endpointLabels.name} values={values} errors={errors} required maxLength={100} />
        <TextField name="url" type="url" label={endpointLabels.url} values={values} errors={errors} required maxLength={500} hint="以 https:// 开头的网址；每条新发布的政策将以 JSON 格式 POST 到此地址" />
        <SelectField name="criterion" label={endpointLabels.criterion} values={values} errors={errors} options={criterionOptions} hint="只推送符合条件的政策；不选则推送全部" />
        <TextField name="value" label={endpointLabels.value} values={values} errors={errors} maxLength={100} hint="如主题名称、标签、发文机关、文件类型或关键词" />
        <div class="actions"><button class="button" type="submit">登记</button><a href={props.cancel}>取消</a></div>
      </Form>
    </>
  );
}

export function SecretOnce(props: { name: string; secret: string; back: string }) {
  return (
    <>
      <div class="notice notice-warning" role="status">
        <p>推送接口「{props.name}」的签名密钥如下。<strong>密钥只显示这一次</strong>，请立即复制并保存在接收端；遗失后只能重置。</p>
        <p><code id="signing-secret">{props.secret}</code></p>
      </div>
      <SignatureHelp />
      <p><a class="button" href={props.back}>返回列表</a></p>
    </>
  );
}

export function SignatureHelp() {
  return (
    <section class="panel">
      <h2>如何验证签名</h2>
      <p>每次推送带有请求头 <code>X-Gongkai-Delivery</code>（推送编号，可用于去重）、<code>X-Gongkai-Timestamp</code>（Unix 秒）和 <code>X-Gongkai-Signature</code>。
        签名为 <code>sha256=</code> 加上以密钥对“时间戳 + 英文句点 + 请求体原文”计算的 HMAC-SHA256 十六进制值。请用常量时间比较，并拒绝时间戳相差超过 5 分钟的请求。</p>
      <p>接收端返回 2xx 表示已收到；其他应答或超时将稍后重试，连续多次失败后接口会被自动停用。</p>
    </section>
  );
}
