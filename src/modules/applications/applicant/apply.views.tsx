import type { ComponentChildren } from 'preact';
import { ChoiceGroup, ErrorSummary, Notice, SelectField, TextArea, TextField, type Errors, type Values } from '../../../platform/views/forms.js';
import { deliveryForms } from '../applications.vocabulary.js';
import { applyLabels, idTypes, MAX_DESCRIPTION, MAX_PURPOSE, MIN_DESCRIPTION } from './apply.form.js';
import { MAX_APPLICANT_FILE_BYTES } from './files.js';

/** A file input with the same label / hint / error shape as the platform's fields. */
export function FileField(props: { name: string; label: string; hint: string; errors: Errors }) {
  const error = props.errors[props.name];
  const described = [`h-${props.name}`, error ? `e-${props.name}` : ''].filter(Boolean).join(' ');
  return (
    <div class={`field${error ? ' field-error' : ''}`}>
      <label for={`f-${props.name}`}>{props.label}</label>
      <p class="hint" id={`h-${props.name}`}>{props.hint}</p>
      {error ? <p class="error-message" id={`e-${props.name}`}><span class="visually-hidden">错误：</span>{error}</p> : null}
      <input id={`f-${props.name}`} name={props.name} type="file" accept=".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png" aria-invalid={error ? 'true' : undefined} aria-describedby={described} />
    </div>
  );
}

/** A form that may carry a file: multipart, with the CSRF token as its first field. */
export function UploadForm(props: { action: string; csrf: string; label: string; children: ComponentChildren }) {
  return (
    <form method="post" action={props.action} enctype="multipart/form-data" novalidate aria-label={props.label}>
      <input type="hidden" name="_csrf" value={props.csrf} />
      {props.children}
    </form>
  );
}

export const fileHint = `PDF、JPG 或 PNG 格式，不超过 ${MAX_APPLICANT_FILE_BYTES / 1024 / 1024} MB。`;

export interface Applicant {
  kind: 'person' | 'organization';
  name: string;
  typeLabel: string;
}

export function ApplyPage(props: { applicant: Applicant; values: Values; errors: Errors; csrf: string }) {
  const { applicant, values, errors } = props;
  const person = applicant.kind === 'person';
  return (
    <>
      <h1>在线申请政府信息公开</h1>
      <p class="lede">
        根据《中华人民共和国政府信息公开条例》第二十九条，请填写申请人身份和联系方式、所需政府信息的描述以及获取信息的方式。
        办理流程和期限见<a href="/apply/guide">依申请公开指南</a>。
      </p>
      <ErrorSummary errors={errors} labels={applyLabels} />
      <UploadForm action="/apply" csrf={props.csrf} label="政府信息公开申请">
        <fieldset>
          <legend>申请人信息</legend>
          <table class="data">
            <tbody>
              <tr><th scope="row">{person ? '姓名' : '名称'}</th><td>{applicant.name}</td></tr>
              <tr><th scope="row">申请人类型</th><td>{applicant.typeLabel}</td></tr>
            </tbody>
          </table>
          <p class="hint">姓名或名称取自您的账号；如需更正，请先到<a href="/space/profile">账号资料</a>修改。</p>
          {person ? (
            <>
              <SelectField name="idType" label={applyLabels.idType!} values={values} errors={errors} options={idTypes.map((t) => ({ value: t, label: t }))} required />
              <TextField name="idNumber" label={applyLabels.idNumber!} values={values} errors={errors} required maxLength={40} autocomplete="off" hint="居民身份证为 18 位，最后一位可以是 X。证件号码加密保存，不会公开。" />
            </>
          ) : (
            <TextField name="idNumber" label="统一社会信用代码" values={values} errors={errors} required maxLength={18} autocomplete="off" hint="18 位，加密保存，不会公开。" />
          )}
          <FileField name="idScan" label={`${person ? '身份证件' : '营业执照或登记证书'}扫描件（可选）`} hint={`${fileHint}加密保存，仅供本机关核对身份。`} errors={errors} />
        </fieldset>
        <fieldset>
          <legend>联系方式</legend>
          <p class="hint">请至少填写一种联系方式。</p>
          <TextField name="contactPhone" type="tel" label={applyLabels.contactPhone!} values={values} errors={errors} maxLength={30} autocomplete="tel" />
          <TextField name="contactEmail" type="email" label={applyLabels.contactEmail!} values={values} errors={errors} maxLength={254} autocomplete="email" />
          <TextField name="contactAddress" label={applyLabels.contactAddress!} values={values} errors={errors} maxLength={280} autocomplete="street-address" />
          <TextField name="postcode" label={applyLabels.postcode!} values={values} errors={errors} maxLength={6} inputMode="numeric" autocomplete="postal-code" />
        </fieldset>
        <fieldset>
          <legend>所需政府信息</legend>
          <TextArea
            name="description"
            label={applyLabels.description!}
            values={values}
            errors={errors}
            required
            rows={6}
            maxLength={MAX_DESCRIPTION}
            hint={`请写明信息的名称、文号，或者便于查询的其他特征（如制作机关、时间、涉及的地块或项目），至少 ${MIN_DESCRIPTION} 个字。`}
          />
          <TextArea name="purpose" label={`${applyLabels.purpose!}（可选）`} values={values} errors={errors} rows={3} maxLength={MAX_PURPOSE} />
          <ChoiceGroup type="radio" name="deliveryForm" label={applyLabels.deliveryForm!} values={values} errors={errors} required options={deliveryForms.map((f) => ({ value: f, label: f }))} />
        </fieldset>
        <ChoiceGroup
          type="checkbox"
          name="declaration"
          label={applyLabels.declaration!}
          values={values}
          errors={errors}
          required
          options={[{ value: 'yes', label: '本人（本单位）承诺以上信息真实、准确，并知悉提供虚假信息应承担的法律责任' }]}
        />
        <button class="button" type="submit">提交申请</button>
      </UploadForm>
    </>
  );
}

/** Anonymous visitors: why an account is needed, and the other ways to apply. */
export function SignInFirst(props: { agency: string }) {
  return (
    <>
      <h1>在线申请政府信息公开</h1>
      <Notice kind="info">在线申请需要先登录个人或法人账号，以便确认申请人身份、送达告知书，并让您在个人空间跟踪办理进度。</Notice>
      <p><a class="button" href="/login?next=%2Fapply">登录后填写申请</a></p>
      <p>还没有账号？<a href="/register">注册个人或法人账号</a>。</p>
      <p>您也可以通过信函、传真或当面向{props.agency}提出申请，详见<a href="/apply/guide">依申请公开指南</a>。</p>
    </>
  );
}

export function Acknowledgement(props: { number: string; submittedOn: string; receivedOn: string; dueOn: string | null; replyDays: number; caseId: number; scanFailed: boolean }) {
  return (
    <>
      <h1>申请已提交</h1>
      <Notice kind="success">您的政府信息公开申请已提交，申请编号 {props.number}。</Notice>
      {props.scanFailed ? <Notice kind="warning">证件扫描件未能保存。申请已经收到；如工作人员需要核对身份，会另行联系您。</Notice> : null}
      <table class="data">
        <tbody>
          <tr><th scope="row">申请编号</th><td>{props.number}</td></tr>
          <tr><th scope="row">提交日期</th><td>{props.submittedOn}</td></tr>
          <tr><th scope="row">收到申请日期</th><td>{props.receivedOn}</td></tr>
          <tr><th scope="row">答复期限</th><td>{props.dueOn ?? '—'}</td></tr>
        </tbody>
      </table>
      {props.receivedOn !== props.submittedOn ? <p>您在休息日提交申请，按规定以下一个工作日 {props.receivedOn} 为收到申请的日期。</p> : null}
      <p>我们将自收到申请之日起 {props.replyDays} 个工作日内（{props.dueOn ?? '—'} 前）答复。如需补正、征求第三方意见、延期答复或收取信息处理费，将另行告知，答复期限随之调整。</p>
      <p><a href={`/space/applications/${props.caseId}`}>在个人空间查看办理进度</a> · <a href="/space/applications">我的全部申请</a></p>
    </>
  );
}
