import type { Viewer } from '../../accounts/accounts.service.js';
import { ACCEPTED_EXTENSIONS, MAX_ATTACHMENT_BYTES } from '../attachments.service.js';
import { findingStatusLabels, findingTypeLabels } from '../findings.service.js';
import { access, canUse, fmtTime } from './context.js';
import { stateFor, type FormState, type WorkbenchData } from './workbench.data.js';

interface Props {
  data: WorkbenchData;
  viewer: Viewer;
  csrf: string;
  state?: FormState;
}

const locked = (status: string) => status === 'published' || status === 'scheduled';

const sizeText = (bytes: number) => (bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : `${Math.max(1, Math.round(bytes / 1024))} KB`);

/** One 忽略 form per finding: its own field id, since several can be on the page at once. */
function OverrideForm(props: { action: string; id: string; masked: string; csrf: string; reason: string; error?: string }) {
  const { id, error } = props;
  return (
    <form method="post" action={props.action} novalidate aria-label={`忽略检测结果 ${props.masked}`}>
      <input type="hidden" name="_csrf" value={props.csrf} />
      <div class={`field${error ? ' field-error' : ''}`}>
        <label for={id}>忽略理由<span class="visually-hidden">（{props.masked}）</span></label>
        <p class="hint" id={`h-${id}`}>如：系单位公开的咨询电话。理由将记录在案</p>
        {error ? <p class="error-message" id={`e-${id}`} role="alert"><span class="visually-hidden">错误：</span>{error}</p> : null}
        <textarea id={id} name="reason" rows={2} maxLength={500} aria-invalid={error ? 'true' : undefined} aria-describedby={error ? `h-${id} e-${id}` : `h-${id}`}>{props.reason}</textarea>
      </div>
      <button type="submit" class="button button-secondary">忽略</button>
    </form>
  );
}

/** 敏感信息检测: the current version's findings, with 一键脱敏 and 忽略（须填理由）. */
export function FindingsSection({ data, viewer, csrf, state }: Props) {
  const { doc, findings } = data;
  const open = findings.filter((f) => f.status === 'open');
  const sourceName = (source: string) => {
    if (source === 'body') return '标题或正文';
    const attachment = data.attachments.find((a) => `attachment:${a.id}` === source);
    return attachment ? `附件“${attachment.filename}”` : '附件';
  };
  return (
    <section aria-labelledby="s-findings">
      <h2 id="s-findings">敏感信息检测 {open.length ? <span class="tag tag-red">{open.length} 处待处理</span> : <span class="tag tag-green">无待处理</span>}</h2>
      <p class="hint">第 {doc.current_version} 版的正文和附件已自动检测。未处理的检测结果会阻止发布：请一键脱敏（生成新版本），或由审核人员填写理由后忽略。图片和表格附件无法自动检测，请人工核对。</p>
      {findings.length === 0 ? null : (
        <div class="table-wrap">
          <table class="data">
            <thead><tr><th scope="col">类型</th><th scope="col">位置</th><th scope="col">内容（已遮盖）</th><th scope="col">状态</th><th scope="col">处理</th></tr></thead>
            <tbody>
              {findings.map((f) => {
                const s = stateFor(state, `override-${f.id}`, {});
                return (
                  <tr key={f.id}>
                    <td>{findingTypeLabels[f.type] ?? f.type}</td>
                    <td>{sourceName(f.source)}</td>
                    <td><code>{f.masked}</code></td>
                    <td>{findingStatusLabels[f.status] ?? f.status}{f.resolution_note && f.status === 'overridden' ? `：${f.resolution_note}` : ''}</td>
                    <td>
                      {f.status === 'open' && f.source === 'body' && canUse(viewer, access.edit) && !locked(doc.status) ? (
                        <form method="post" action={`/console/documents/${doc.id}/findings/${f.id}/mask`} class="inline-form">
                          <input type="hidden" name="_csrf" value={csrf} />
                          <button type="submit" class="button button-secondary">一键脱敏<span class="visually-hidden">：{f.masked}</span></button>
                        </form>
                      ) : null}
                      {f.status === 'open' && canUse(viewer, access.override) ? (
                        <OverrideForm action={`/console/documents/${doc.id}/findings/${f.id}/override`} id={`f-override-${f.id}`} masked={f.masked} csrf={csrf} reason={String(s.values.reason ?? '')} error={s.errors.reason} />
                      ) : null}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

/** 附件: download, remove (soft), upload (multipart; the bytes must match the extension). */
export function AttachmentsSection({ data, viewer, csrf, state }: Props) {
  const { doc } = data;
  const editable = canUse(viewer, access.edit) && !locked(doc.status);
  const s = stateFor(state, 'attachment', {});
  const fileError = s.errors.file;
  return (
    <section aria-labelledby="s-attachments">
      <h2 id="s-attachments">附件</h2>
      {data.attachments.length === 0 ? (
        <p class="empty">暂无附件。</p>
      ) : (
        <div class="table-wrap">
          <table class="data">
            <thead><tr><th scope="col">文件名</th><th scope="col">大小</th><th scope="col">上传人</th><th scope="col">上传时间</th>{editable ? <th scope="col">操作</th> : null}</tr></thead>
            <tbody>
              {data.attachments.map((a) => (
                <tr key={a.id}>
                  <td><a href={`/console/documents/${doc.id}/attachments/${a.id}`} download>{a.filename}</a></td>
                  <td>{sizeText(a.size)}</td>
                  <td>{(a.created_by && data.names.get(a.created_by)) || '—'}</td>
                  <td>{fmtTime(a.created_at)}</td>
                  {editable ? (
                    <td>
                      <form method="post" action={`/console/documents/${doc.id}/attachments/${a.id}/remove`} class="inline-form">
                        <input type="hidden" name="_csrf" value={csrf} />
                        <button type="submit" class="link-button">删除<span class="visually-hidden">附件 {a.filename}</span></button>
                      </form>
                    </td>
                  ) : null}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {editable ? (
        <form method="post" action={`/console/documents/${doc.id}/attachments`} enctype="multipart/form-data" novalidate aria-label="上传附件">
          <input type="hidden" name="_csrf" value={csrf} />
          <div class={`field${fileError ? ' field-error' : ''}`}>
            <label for="f-file">上传附件</label>
            <p class="hint" id="h-file">支持 {ACCEPTED_EXTENSIONS.join('、')}，单个文件不超过 {MAX_ATTACHMENT_BYTES / 1024 / 1024} MB；上传后自动检测敏感信息{doc.status === 'in_review' || doc.status === 'approved' ? '；审核中或已审定的文件变更附件后将形成新版本并退回重新审核' : ''}</p>
            {fileError ? <p class="error-message" id="e-file"><span class="visually-hidden">错误：</span>{fileError}</p> : null}
            <input type="file" id="f-file" name="file" accept={ACCEPTED_EXTENSIONS.join(',')} aria-describedby={fileError ? 'h-file e-file' : 'h-file'} aria-invalid={fileError ? 'true' : undefined} />
          </div>
          <button type="submit" class="button button-secondary">上传</button>
        </form>
      ) : null}
    </section>
  );
}
