import type { FastifyRequest } from 'fastify';
import { ChoiceGroup, ErrorSummary, Form, Notice, SelectField, TextField, type Errors, type Values } from '../../platform/views/forms.js';
import { organizationTypes } from './roles.js';

export const registerLabels = {
  kind: '账号类型', name: '姓名或单位名称', orgType: '单位类型', creditCode: '统一社会信用代码', contact: '手机号或电子邮箱',
  password: '密码', passwordConfirm: '确认密码', agree: '用户协议',
};

export function RegisterForm(props: { request: FastifyRequest; values: Values; errors: Errors }) {
  const { values, errors } = props;
  return (
    <>
      <h1>注册账号</h1>
      <p class="lede">注册后可在个人/企业专属空间查看消息、申请政府信息公开并跟踪办理进度。</p>
      <ErrorSummary errors={errors} labels={registerLabels} />
      <Form action="/register" csrfToken={props.request.csrfToken()} class="form-narrow" label="注册">
        <ChoiceGroup type="radio" name="kind" label={registerLabels.kind} values={values} errors={errors} required options={[
          { value: 'person', label: '自然人' },
          { value: 'organization', label: '法人或其他组织', hint: '企业、科研机构、社会公益组织、法律服务机构等' },
        ]} />
        <TextField name="name" label={registerLabels.name} values={values} errors={errors} required autocomplete="name" maxLength={100} />
        <SelectField name="orgType" label={registerLabels.orgType} values={values} errors={errors} hint="法人或其他组织必填" placeholder="请选择" options={organizationTypes.map((t) => ({ value: t, label: t }))} />
        <TextField name="creditCode" label={registerLabels.creditCode} values={values} errors={errors} hint="法人或其他组织必填，18 位" maxLength={18} />
        <TextField name="contact" label={registerLabels.contact} values={values} errors={errors} required hint="用于登录和接收通知；通过电子邮箱可自助找回密码" autocomplete="username" maxLength={254} />
        <TextField name="password" type="password" label={registerLabels.password} values={values} errors={errors} required hint="至少 10 位，包含字母、数字、符号中的至少两类" autocomplete="new-password" />
        <TextField name="passwordConfirm" type="password" label={registerLabels.passwordConfirm} values={values} errors={errors} required autocomplete="new-password" />
        <ChoiceGroup type="checkbox" name="agree" label={registerLabels.agree} values={values} errors={errors} required options={[
          { value: 'on', label: '我已阅读并同意用户协议与隐私政策：平台仅为办理您的事项使用所填信息。' },
        ]} />
        <div class="actions">
          <button class="button" type="submit">注册</button>
          <a href="/login">已有账号？登录</a>
        </div>
      </Form>
    </>
  );
}

export const loginLabels = { identifier: '账号', password: '密码' };

export function LoginForm(props: {
  request: FastifyRequest;
  values: Values;
  errors: Errors;
  audience: 'staff' | 'public';
  notice?: string;
  oidcLabel?: string;
}) {
  const staff = props.audience === 'staff';
  return (
    <>
      <h1>{staff ? '工作人员登录' : '登录'}</h1>
      {props.notice ? <Notice kind="success">{props.notice}</Notice> : null}
      <ErrorSummary errors={props.errors} labels={loginLabels} />
      <Form action={staff ? '/console/login' : '/login'} csrfToken={props.request.csrfToken()} class="form-narrow" label="登录">
        <input type="hidden" name="next" value={typeof props.values.next === 'string' ? props.values.next : ''} />
        <TextField name="identifier" label={staff ? '登录名或电子邮箱' : '手机号或电子邮箱'} values={props.values} errors={props.errors} required autocomplete="username" maxLength={254} />
        <TextField name="password" type="password" label={loginLabels.password} values={props.values} errors={props.errors} required autocomplete="current-password" />
        <div class="actions">
          <button class="button" type="submit">登录</button>
          <a href="/password/forgot">忘记密码？</a>
          {staff ? null : <a href="/register">注册账号</a>}
        </div>
      </Form>
      {props.oidcLabel ? (
        <p><a class="button button-secondary" href={`/auth/oidc/start?audience=${props.audience}`}>使用{props.oidcLabel}登录</a></p>
      ) : null}
      {staff ? <p class="meta">连续多次输入错误密码后账号将被临时锁定。</p> : <p class="meta"><a href="/console/login">工作人员入口</a></p>}
    </>
  );
}

export function ForgotForm(props: { request: FastifyRequest; values: Values; errors: Errors; sent?: boolean }) {
  return (
    <>
      <h1>找回密码</h1>
      {props.sent ? (
        <Notice kind="success">如果该电子邮箱已注册，我们已向其发送重置密码的链接，链接 60 分钟内有效。请查收邮件（包括垃圾邮件箱）。</Notice>
      ) : null}
      <ErrorSummary errors={props.errors} labels={{ email: '电子邮箱' }} />
      <Form action="/password/forgot" csrfToken={props.request.csrfToken()} class="form-narrow" label="找回密码">
        <TextField name="email" type="email" label="注册时使用的电子邮箱" values={props.values} errors={props.errors} required autocomplete="email" maxLength={254} hint="以手机号注册且未绑定邮箱的账号，请在登录后绑定邮箱，或联系网站管理员。" />
        <button class="button" type="submit">发送重置链接</button>
      </Form>
    </>
  );
}

export function ResetForm(props: { request: FastifyRequest; token: string; errors: Errors }) {
  return (
    <>
      <h1>设置新密码</h1>
      <ErrorSummary errors={props.errors} labels={{ password: '新密码', passwordConfirm: '确认新密码' }} />
      <Form action={`/password/reset/${encodeURIComponent(props.token)}`} csrfToken={props.request.csrfToken()} class="form-narrow" label="设置新密码">
        <TextField name="password" type="password" label="新密码" values={{}} errors={props.errors} required hint="至少 10 位，包含字母、数字、符号中的至少两类" autocomplete="new-password" />
        <TextField name="passwordConfirm" type="password" label="确认新密码" values={{}} errors={props.errors} required autocomplete="new-password" />
        <button class="button" type="submit">保存新密码</button>
      </Form>
    </>
  );
}
