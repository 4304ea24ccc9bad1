import { ChoiceGroup, ErrorSummary, Notice, SelectField, TextArea, TextField, type Errors, type Values } from '../../../platform/views/forms.js';
import { chosenValues, TagPicker } from '../../subscriptions/tags/tag-picker.js';
import type { TagRow } from '../../subscriptions/tags/tags.store.js';
import { disclosureMethods, documentTypes, interpretationForms, themes } from '../documents.vocabulary.js';

export const editLabels: Record<string, string> = {
  type: '文件类型', title: '标题', docNumber: '文号', issuers: '发文机关', theme: '主题分类', writtenOn: '成文日期', effectiveOn: '施行日期',
  expiresOn: '有效期至（失效日期）', disclosureMethod: '公开方式', audienceTags: '适用对象标签', servicePolicy: '服务类政策', needsInterpretation: '政策解读（三同步）',
  interpretationForm: '解读形式', interpretsId: '所解读的政策文件', body: '正文', bodyFile: '从 Word 文件导入正文', note: '修改说明',
};
/** Every text field of the form, in order (the parser fills missing ones with ''). */
export const editFieldNames = [...Object.keys(editLabels).filter((k) => k !== 'bodyFile'), 'expectedVersion'];

export interface EditFormProps {
  action: string;
  csrfToken: string;
  values: Values;
  errors: Errors;
  policies: { id: number; title: string; doc_number: string | null }[];
  /** The audience-tag vocabulary (retired tags included: a document may keep one). */
  tags: TagRow[];
  editing: boolean;
  warning?: string;
}

const entries = (vocabulary: Record<string, string>) => Object.entries(vocabulary).map(([value, label]) => ({ value, label }));

/**
 * The document form. It is multipart because it may carry a .docx that becomes the body; the CSRF
 * token travels as an ordinary field. Without client script the interpretation fields cannot
 * appear on demand, so for other types they sit folded in a <details>.
 */
export function EditForm(props: EditFormProps) {
  const { values, errors } = props;
  const f = { values, errors };
  const isInterpretation = values.type === 'interpretation';
  const interpretationFields = (
    <>
      <SelectField name="interpretationForm" label={editLabels.interpretationForm!} {...f} placeholder="请选择" options={entries(interpretationForms)} />
      <SelectField
        name="interpretsId"
        label={editLabels.interpretsId!}
        {...f}
        placeholder="请选择本站的政策文件"
        hint="政策解读须关联所解读的政策；政策与解读同步审查、同步发布"
        options={props.policies.map((p) => ({ value: String(p.id), label: `《${p.title}》${p.doc_number ? ` ${p.doc_number}` : ''}（#${p.id}）` }))}
      />
    </>
  );
  const fileError = errors.bodyFile;
  return (
    <>
      <ErrorSummary errors={errors} labels={editLabels} />
      {props.warning ? <Notice kind="warning">{props.warning}</Notice> : null}
      <form method="post" action={props.action} enctype="multipart/form-data" novalidate aria-label="文件信息">
        <input type="hidden" name="_csrf" value={props.csrfToken} />
        {props.editing ? <input type="hidden" name="expectedVersion" value={String(values.expectedVersion ?? '')} /> : null}
        <SelectField name="type" label={editLabels.type!} {...f} required placeholder="请选择" options={entries(documentTypes)} />
        <TextField name="title" label={editLabels.title!} {...f} required maxLength={200} />
        <TextField name="docNumber" label={editLabels.docNumber!} {...f} hint="如：沪规划资源规〔2026〕3号；没有文号的可不填" maxLength={100} />
        <TextField name="issuers" label={editLabels.issuers!} {...f} required hint="联合发文的多个机关用“、”分隔" maxLength={600} />
        <SelectField name="theme" label={editLabels.theme!} {...f} placeholder="（未分类）" options={themes.map((t) => ({ value: t, label: t }))} />
        <TextField name="writtenOn" type="date" label={editLabels.writtenOn!} {...f} hint="格式 YYYY-MM-DD" />
        <TextField name="effectiveOn" type="date" label={editLabels.effectiveOn!} {...f} hint="格式 YYYY-MM-DD" />
        <TextField name="expiresOn" type="date" label={editLabels.expiresOn!} {...f} hint="有有效期的文件填写；到期后系统每日自动标记为“已失效”" />
        <SelectField name="disclosureMethod" label={editLabels.disclosureMethod!} {...f} options={disclosureMethods.map((m) => ({ value: m, label: m }))} />
        <TagPicker name="audienceTags" legend={editLabels.audienceTags!} hint="选择本文件适用的行业、企业规模、区域和人群；精准推送和按标签订阅据此匹配" tags={props.tags} by="label" chosen={new Set(chosenValues(values.audienceTags))} error={errors.audienceTags} />
        <ChoiceGroup type="checkbox" name="servicePolicy" label={editLabels.servicePolicy!} {...f} options={[{ value: 'on', label: '服务类政策（可短信推送）', hint: '只有服务类政策会通过短信推送给订阅者' }]} />
        <ChoiceGroup type="checkbox" name="needsInterpretation" label={editLabels.needsInterpretation!} {...f} options={[{ value: 'on', label: '该文件须同步发布政策解读', hint: '勾选后，须有一篇审定的解读才能发布' }]} />
        {isInterpretation ? (
          <fieldset class="field">
            <legend>政策解读信息</legend>
            {interpretationFields}
          </fieldset>
        ) : (
          <details class="field" open={Boolean(errors.interpretationForm || errors.interpretsId)}>
            <summary>政策解读信息（文件类型选择“政策解读”时填写）</summary>
            {interpretationFields}
          </details>
        )}
        <TextArea name="body" label={editLabels.body!} {...f} rows={18} required hint="可直接粘贴纯文本（每行一段）或 HTML；若在下方上传 .docx，将以其内容替换此处正文" />
        <div class={`field${fileError ? ' field-error' : ''}`}>
          <label for="f-bodyFile">{editLabels.bodyFile}</label>
          <p class="hint" id="h-bodyFile">选填：.docx 格式，不超过 10 MB。标题样式转为小标题，其余格式按正文规范清理</p>
          {fileError ? <p class="error-message" id="e-bodyFile"><span class="visually-hidden">错误：</span>{fileError}</p> : null}
          <input type="file" id="f-bodyFile" name="bodyFile" accept=".docx,application/vnd.openxmlformats-officedocument.wordprocessingml.document" aria-describedby={fileError ? 'h-bodyFile e-bodyFile' : 'h-bodyFile'} aria-invalid={fileError ? 'true' : undefined} />
        </div>
        <TextField name="note" label={editLabels.note!} {...f} hint="选填：本次修改的简要说明，记入版本记录" maxLength={200} />
        <div class="actions">
          <button class="button" type="submit">{props.editing ? '保存为新版本' : '保存草稿'}</button>
          <a href={props.editing ? props.action.replace(/\/edit$/, '') : '/console/documents'}>取消</a>
        </div>
      </form>
    </>
  );
}
