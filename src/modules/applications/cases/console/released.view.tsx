import type { Errors } from '../../../../platform/views/forms.js';
import { findingTypeLabels } from '../../../documents/findings.service.js';
import { MAX_RELEASED_BYTES, MAX_REASON, needsReview, RELEASED_EXTENSIONS, scanStatusLabels } from '../released.service.js';
import type { CasePageData } from './case.data.js';
import { fmtTime, stateFor, type FormState } from './form.js';

/** 随答复提供的公开信息: each file with the scanner's verdict (masked), its review, and the forms to change it. */

export const releasedLabels: Record<string, string> = { file: '文件', reason: '核查意见' };

type Released = CasePageData['released'][number];

const sizeText = (bytes: number) => (bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : `${Math.max(1, Math.round(bytes / 1024))} KB`);

export const releasedHint = `支持 ${RELEASED_EXTENSIONS.join('、')}，单个文件不超过 ${MAX_RELEASED_BYTES / 1024 / 1024} MB。上传后自动检查身份证号码、手机号码、银行卡号、电子邮箱、密级标识和敏感词；图片、扫描件和 .doc/.xls 无法自动检查，须人工核查。`;

/** A file input with the platform's label / hint / error shape; `id` unique on the page. */
export function FileInput(props: { id: string; label: string; hint: string; error?: string }) {
  const { id, error } = props;
  return (
    <div class={`field${error ? ' field-error' : ''}`}>
      <label for={id}>{props.label}</label>
      <p class="hint" id={`h-${id}`}>{props.hint}</p>
      {error ? <p class="error-message" id={`e-${id}`}><span class="visually-hidden">错误：</span>{error}</p> : null}
      <input type="file" id={id} name="file" accept={RELEASED_EXTENSIONS.join(',')} aria-invalid={error ? 'true' : undefined} aria-describedby={error ? `h-${id} e-${id}` : `h-${id}`} />
    </div>
  );
}

function Verdict(props: { f: Released }) {
  const { f } = props;
  const tag = f.scan_status === 'clean' ? 'tag tag-green' : needsReview(f) ? 'tag tag-red' : 'tag tag-amber';
  return (
    <>
      <span class={tag}>{scanStatusLabels[f.scan_status ?? 'unreadable'] ?? scanStatusLabels.unreadable}{f.scan_status === 'findings' ? ` ${f.findings.total} 处` : ''}</span>
      {f.findings.items.length ? (
        <ul class="findings">
          {f.findings.items.slice(0, 20).map((x, i) => <li key={i}>{findingTypeLabels[x.type] ?? x.type}：<code>{x.masked}</code></li>)}
          {f.findings.total > 20 ? <li>……共 {f.findings.total} 处</li> : null}
        </ul>
      ) : null}
      {f.reviewed_at ? <p class="meta">已核查，可以公开：{f.reviewedBy || '—'}，{fmtTime(f.reviewed_at)}；理由：{f.review_note}</p> : null}
    </>
  );
}

function ConfirmForm(props: { caseId: number; f: Released; csrf: string; reason: string; error?: string }) {
  const id = `f-released-confirm-${props.f.id}-reason`;
  const { error } = props;
  return (
    <form method="post" action={`/console/applications/${props.caseId}/released/${props.f.id}/confirm`} novalidate aria-label={`确认“${props.f.filename}”可以公开`}>
      <input type="hidden" name="_csrf" value={props.csrf} />
      <div class={`field${error ? ' field-error' : ''}`}>
        <label for={id}>核查意见<span class="visually-hidden">（{props.f.filename}）</span></label>
        <p class="hint" id={`h-${id}`}>说明核查了什么、为何可以公开，如“系单位公开的办公电话”“已逐页核对，无个人信息”。将记录核查人和时间。</p>
        {error ? <p class="error-message" id={`e-${id}`}><span class="visually-hidden">错误：</span>{error}</p> : null}
        <textarea id={id} name="reason" rows={2} maxLength={MAX_REASON} aria-invalid={error ? 'true' : undefined} aria-describedby={error ? `h-${id} e-${id}` : `h-${id}`}>{props.reason}</textarea>
      </div>
      <button type="submit" class="button button-secondary">已核查，可以公开</button>
    </form>
  );
}

function ReplaceForm(props: { caseId: number; f: Released; csrf: string; error?: string }) {
  return (
    <form method="post" action={`/console/applications/${props.caseId}/released/${props.f.id}/replace`} enctype="multipart/form-data" novalidate aria-label={`替换“${props.f.filename}”`}>
      <input type="hidden" name="_csrf" value={props.csrf} />
      <FileInput id={`f-released-replace-${props.f.id}-file`} label={`以处理后的文件替换“${props.f.filename}”`} hint="如删除或遮盖了个人信息后的文件；替换后重新自动检查。" error={props.error} />
      <button type="submit" class="button button-secondary">替换</button>
    </form>
  );
}

export function ReleasedSection(props: { data: CasePageData; csrf: string; state?: FormState }) {
  const { c, released, mayRelease } = props.data;
  const upload = stateFor(props.state, 'released', {});
  const errorsOf = (form: string): Errors => stateFor(props.state, form, {}).errors;
  const pending = released.filter(needsReview).length;
  return (
    <section aria-labelledby="s-released" class="panel" id="released">
      <h2 id="s-released">随答复提供的公开信息 {released.length ? (pending ? <span class="tag tag-red">{pending} 个待核查</span> : <span class="tag tag-green">{released.length} 个文件</span>) : null}</h2>
      <p class="hint">
        “予以公开”“部分公开”的答复可附公开的政府信息。答复时，这些文件随答复告知书提供给申请人（个人空间可下载），并列入告知书的公开信息清单。
        发现疑似敏感信息或无法自动检查的文件，须替换为处理后的文件，或经核查确认“已核查，可以公开”并填写理由，方可答复。
      </p>
      {released.length === 0 ? <p class="empty">尚未上传公开信息。</p> : (
        <div class="table-wrap">
          <table class="data">
            <caption class="visually-hidden">随答复提供的公开信息</caption>
            <thead><tr><th scope="col">文件</th><th scope="col">自动检查</th><th scope="col">上传</th>{mayRelease ? <th scope="col">处理</th> : null}</tr></thead>
            <tbody>
              {released.map((f) => {
                const confirm = stateFor(props.state, `released-confirm-${f.id}`, {});
                return (
                  <tr key={f.id}>
                    <td><a href={`/console/applications/${c.id}/released/${f.id}`}>{f.filename}</a> <span class="meta">{sizeText(f.size)}</span>{f.to_applicant === 1 ? <p class="meta">已随答复提供给申请人</p> : null}</td>
                    <td><Verdict f={f} /></td>
                    <td>{f.uploadedBy || '—'}<br /><span class="meta">{fmtTime(f.created_at)}</span></td>
                    {mayRelease ? (
                      <td>
                        {needsReview(f) ? (
                          <>
                            <ConfirmForm caseId={c.id} f={f} csrf={props.csrf} reason={String(confirm.values.reason ?? '')} error={confirm.errors.reason} />
                            <ReplaceForm caseId={c.id} f={f} csrf={props.csrf} error={errorsOf(`released-replace-${f.id}`).file} />
                          </>
                        ) : null}
                        <form method="post" action={`/console/applications/${c.id}/released/${f.id}/remove`} class="inline-form">
                          <input type="hidden" name="_csrf" value={props.csrf} />
                          <button type="submit" class="link-button">删除<span class="visually-hidden">“{f.filename}”</span></button>
                        </form>
                      </td>
                    ) : null}
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      {mayRelease ? (
        <form method="post" action={`/console/applications/${c.id}/released`} enctype="multipart/form-data" novalidate aria-label="上传公开信息">
          <input type="hidden" name="_csrf" value={props.csrf} />
          <FileInput id="f-released-file" label="上传公开信息" hint={releasedHint} error={upload.errors.file} />
          <button type="submit" class="button button-secondary">上传并检查</button>
        </form>
      ) : null}
    </section>
  );
}
