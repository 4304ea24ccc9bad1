import { ChoiceGroup, ErrorSummary, Form, Notice, TextField, type Errors, type Values } from '../../platform/views/forms.js';
import { CLOSE_CONFIRM_WORDS } from '../accounts/close-account.service.js';

export interface OpenApplicationView {
  number: string;
  siteName: string;
  receivedOn: string;
  dueOn: string | null;
  deliveryForm: string;
  contactEmail: string | null;
  /** The site's 公开办 telephone and address, from its footer. */
  contact: string;
}

const labels = { password: '当前密码', confirmWords: '确认文字', acknowledge: '确认' };

export function CloseAccountPage(props: { csrfToken: string; needsPassword: boolean; applications: OpenApplicationView[]; values: Values; errors: Errors }) {
  const { values, errors } = props;
  return (
    <>
      <h1>注销账号</h1>
      <p class="lede">注销后账号不能恢复。请先阅读注销的后果。</p>
      <section class="panel">
        <h2>注销后会发生什么</h2>
        <ul>
          <li>您将不能再登录本账号（包括通过统一身份认证登录）。</li>
          <li>您的全部订阅随即终止，不会再向您发送任何推送、邮件或短信；尚未发出的推送不再发送。</li>
          <li>您登记的推送接口（Webhook）全部停用。</li>
          <li>消息中心里的全部消息被删除。</li>
          <li>账号中的电子邮箱、手机号、登录名和姓名（单位名称）被删除，账号名称改为“已注销用户”；您选择的“我的标签”也被删除。该电子邮箱和手机号可以重新注册。</li>
          <li>法律要求本机关保存的记录不会删除：政府信息公开申请及其答复、您提交的留言和咨询，作为公文档案按档案管理规定保存，但不再与任何可登录的账号关联。</li>
        </ul>
      </section>
      {props.applications.length > 0 ? <OpenApplications applications={props.applications} /> : null}
      <ErrorSummary errors={errors} labels={labels} />
      <Form action="/space/close" csrfToken={props.csrfToken} class="form-narrow" label="注销账号">
        {props.needsPassword ? (
          <TextField name="password" type="password" label={labels.password} values={values} errors={errors} required autocomplete="current-password" hint="为确认是您本人操作，请输入登录密码" />
        ) : (
          <TextField name="confirmWords" label={labels.confirmWords} values={values} errors={errors} required maxLength={20} hint={`您的账号没有设置密码，请输入“${CLOSE_CONFIRM_WORDS}”四个字以确认`} />
        )}
        <ChoiceGroup type="checkbox" name="acknowledge" label={labels.acknowledge} values={values} errors={errors} required options={[{ value: 'on', label: '我已了解上述后果' }]} />
        <div class="actions">
          <button class="button" type="submit">注销账号</button>
          <a href="/space/profile">取消，返回账号资料</a>
        </div>
      </Form>
    </>
  );
}

function OpenApplications(props: { applications: OpenApplicationView[] }) {
  return (
    <section class="panel" aria-labelledby="open-applications">
      <h2 id="open-applications">尚未答复的政府信息公开申请</h2>
      <Notice kind="warning">
        以下申请在注销后仍将依法继续办理。注销后您无法再登录个人空间查看办理进度或下载答复告知书：办理通知只发送到申请时填写的电子邮箱（未填写的不发送）。
        请在注销前或注销后联系受理机关，说明领取答复的方式。
      </Notice>
      <div class="table-wrap" role="region" aria-labelledby="open-applications-caption" tabIndex={0}>
        <table class="data">
          <caption id="open-applications-caption" class="visually-hidden">尚未答复的申请（{props.applications.length} 件）</caption>
          <thead>
            <tr><th scope="col">申请编号</th><th scope="col">受理机关</th><th scope="col" class="nowrap">收到日期</th><th scope="col" class="nowrap">答复期限</th><th scope="col">获取方式</th><th scope="col">通知邮箱</th><th scope="col">联系受理机关</th></tr>
          </thead>
          <tbody>
            {props.applications.map((a) => (
              <tr key={a.number}>
                <td class="nowrap">{a.number}</td><td>{a.siteName}</td><td class="nowrap">{a.receivedOn}</td><td class="nowrap">{a.dueOn ?? '—'}</td>
                <td>{a.deliveryForm}</td><td>{a.contactEmail ?? '未填写'}</td><td>{a.contact}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

export function AccountClosedPage() {
  return (
    <>
      <h1>账号已注销</h1>
      <Notice kind="success">账号已注销。您已退出登录，订阅和推送均已停止。</Notice>
      <p>您提交的政府信息公开申请和留言作为档案保存。如有疑问，请联系本网站页面底部所列的联系电话。</p>
      <p><a href="/">返回首页</a></p>
    </>
  );
}
