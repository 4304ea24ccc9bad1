import type { FastifyRequest } from 'fastify';
import { consolePage } from '../../../app/console-page.js';
import { ErrorSummary, Form, Notice, type Errors, type Values } from '../../../platform/views/forms.js';
import {
  defaultSubscribeSettings, subscribeSettingBounds, subscribeSettingLabels, subscribeSettingNames,
  type SubscribeSettingName, type SubscribeSettings,
} from './subscribe.settings.js';

const hints: Record<SubscribeSettingName, string> = {
  maxPerSubscriber: '每个订阅人在本站保留的订阅（含待确认的）不超过此数。调低后，已超过此数的订阅不会被取消，只是不能再新增。',
  confirmHours: '匿名访客订阅后，确认邮件中的链接在此时长内有效。只影响此后发出的确认邮件。',
  maxProfileTags: '公众账号在“我的标签”中最多选择的标签数。调低后，已超过的账号保留现有标签，下次保存时需减到此数以内。',
};

export const settingsNotices: Record<string, string> = { saved: '已保存订阅设置。', unchanged: '设置没有变化，未作修改。' };

/** Current values as the form shows them. */
export const settingsValues = (settings: SubscribeSettings): Values =>
  Object.fromEntries(subscribeSettingNames.map((name) => [name, String(settings[name])]));

export function settingsPage(request: FastifyRequest, values: Values, errors: Errors, notice?: string) {
  return consolePage(request, '订阅设置', (
    <>
      {notice && settingsNotices[notice] ? <Notice kind="success">{settingsNotices[notice]}</Notice> : null}
      <p class="lede">订阅与画像标签的上限。这些设置对本平台的所有站点生效，每次修改都记入审计日志。</p>
      <section class="panel">
        <ErrorSummary errors={errors} labels={subscribeSettingLabels} />
        <Form action="/console/subscription-settings" csrfToken={request.csrfToken()} class="form-narrow" label="订阅设置">
          {subscribeSettingNames.map((name) => <NumberField key={name} name={name} values={values} errors={errors} />)}
          <div class="actions"><button class="button" type="submit">保存</button></div>
        </Form>
      </section>
    </>
  ));
}

/** A required whole-number field with the bounds of subscribe.settings.ts (markup as in platform/views/forms.tsx). */
function NumberField(props: { name: SubscribeSettingName; values: Values; errors: Errors }) {
  const { name, values, errors } = props;
  const { min, max } = subscribeSettingBounds[name];
  const error = errors[name];
  const raw = values[name];
  const value = typeof raw === 'string' ? raw : '';
  const hint = `${hints[name]}可填 ${min}–${max}，默认 ${defaultSubscribeSettings[name]}。`;
  return (
    <div class={`field${error ? ' field-error' : ''}`}>
      <label for={`f-${name}`}>{subscribeSettingLabels[name]}<span class="required" aria-hidden="true"> *</span></label>
      <p class="hint" id={`h-${name}`}>{hint}</p>
      {error ? <p class="error-message" id={`e-${name}`}><span class="visually-hidden">错误：</span>{error}</p> : null}
      <input
        id={`f-${name}`}
        name={name}
        type="number"
        inputMode="numeric"
        min={min}
        max={max}
        step={1}
        value={value}
        required
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={error ? `h-${name} e-${name}` : `h-${name}`}
      />
    </div>
  );
}
