import { ErrorSummary, Form, Notice, TextField, type Errors } from '../../platform/views/forms.js';

/** 修改密码, the same form in the console (我的账号) and in the personal space. */
export function ChangePasswordForm(props: { action: string; csrfToken: string; errors: Errors; saved: boolean; heading: 'h1' | 'h2' }) {
  const Heading = props.heading;
  return (
    <>
      <Heading>修改密码</Heading>
      {props.saved ? <Notice kind="success">密码已修改。</Notice> : null}
      <ErrorSummary errors={props.errors} labels={{ current: '当前密码', password: '新密码', passwordConfirm: '确认新密码' }} />
      <Form action={props.action} csrfToken={props.csrfToken} class="form-narrow" label="修改密码">
        <TextField name="current" type="password" label="当前密码" values={{}} errors={props.errors} required autocomplete="current-password" />
        <TextField name="password" type="password" label="新密码" values={{}} errors={props.errors} required hint="至少 10 位，包含字母、数字、符号中的至少两类" autocomplete="new-password" />
        <TextField name="passwordConfirm" type="password" label="确认新密码" values={{}} errors={props.errors} required autocomplete="new-password" />
        <button class="button" type="submit">修改密码</button>
      </Form>
    </>
  );
}
