import { ChoiceGroup, SelectField, TextField, type Errors, type Values } from '../../../platform/views/forms.js';
import { channelCodes, criteria, criterionCodes, frequencies, subscriptionChannels } from '../subscriptions.vocabulary.js';
import { subscribeLabels } from './subscribe.schemas.js';
import type { ValueOptions } from './subscribe.values.js';

const feedCriteria = new Set(['theme', 'type', 'tag', 'issuer']);

/** /feeds/documents.rss etc. filtered like the subscription (keywords have no feed). */
export function feedQuery(criterion: unknown, value: unknown): string | undefined {
  if (criterion === 'keyword') return undefined;
  if (typeof criterion === 'string' && feedCriteria.has(criterion) && typeof value === 'string' && value) return `?${new URLSearchParams({ [criterion]: value }).toString()}`;
  return '';
}

/** RSS / Atom / JSON Feed links: the broad push, for those who would rather not leave an address. */
export function FeedLinks(props: { criterion?: unknown; value?: unknown }) {
  const query = feedQuery(props.criterion ?? '', props.value ?? '');
  if (query === undefined) return null;
  return (
    <section class="panel">
      <h2>RSS/Atom/JSON Feed 订阅</h2>
      <p>不想留下联系方式？用阅读器订阅{query ? '同样内容' : '全部新发布文件'}的信息源：</p>
      <ul>
        <li><a href={`/feeds/documents.rss${query}`}>RSS</a></li>
        <li><a href={`/feeds/documents.atom${query}`}>Atom</a></li>
        <li><a href={`/feeds/documents.json${query}`}>JSON Feed</a></li>
      </ul>
    </section>
  );
}

/**
 * What to subscribe to. Without client script the value fields cannot follow the chosen
 * criterion, so each criterion has its own field and only the chosen one counts.
 */
export function CriterionFields(props: { values: Values; errors: Errors; options: ValueOptions }) {
  const f = { values: props.values, errors: props.errors };
  return (
    <>
      <ChoiceGroup type="radio" name="criterion" label={subscribeLabels.criterion!} {...f} required options={criterionCodes.map((c) => ({ value: c, label: `按${criteria[c]}` }))} />
      <fieldset class="field">
        <legend>订阅内容（填写与所选订阅方式对应的一项）</legend>
        <SelectField name="value_theme" label={subscribeLabels.value_theme!} {...f} placeholder="请选择" options={props.options.theme} />
        <SelectField name="value_type" label={subscribeLabels.value_type!} {...f} placeholder="请选择" options={props.options.type} />
        <SelectField name="value_tag" label={subscribeLabels.value_tag!} {...f} placeholder="请选择" options={props.options.tag} hint="行业、企业规模、区域或人群" />
        <SelectField name="value_issuer" label={subscribeLabels.value_issuer!} {...f} placeholder="请选择" options={props.options.issuer} />
        <TextField name="value_keyword" label={subscribeLabels.value_keyword!} {...f} maxLength={20} hint="2–20 个字，标题或正文含有该词的新文件都会通知您" />
      </fieldset>
    </>
  );
}

type ChoiceOption = { value: string; label: string; hint?: string };
type RadioProps = { values: Values; errors: Errors; idPrefix?: string };

/** One required radio group of the subscription form (the frequency or the channel). */
function RequiredRadio(props: RadioProps & { name: 'frequency' | 'channel'; options: ChoiceOption[] }) {
  return (
    <ChoiceGroup
      type="radio"
      name={props.name}
      idPrefix={props.idPrefix}
      label={subscribeLabels[props.name]!}
      values={props.values}
      errors={props.errors}
      required
      options={props.options}
    />
  );
}

export function FrequencyField(props: RadioProps) {
  return <RequiredRadio {...props} name="frequency" options={Object.entries(frequencies).map(([value, label]) => ({ value, label }))} />;
}

export function ChannelField(props: RadioProps & { hasEmail: boolean; hasMobile: boolean }) {
  const notes: Record<string, string | undefined> = {
    email: props.hasEmail ? undefined : '（账号资料中尚无电子邮箱）',
    sms: props.hasMobile ? '（仅推送服务类政策，且只能即时接收）' : '（账号资料中尚无手机号；短信仅推送服务类政策）',
  };
  return <RequiredRadio values={props.values} errors={props.errors} idPrefix={props.idPrefix} name="channel" options={channelCodes.map((c) => ({ value: c, label: subscriptionChannels[c], hint: notes[c] }))} />;
}
