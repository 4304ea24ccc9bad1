import type { ComponentChildren } from 'preact';
import { Notice } from '../../../platform/views/forms.js';
import type { Viewer } from '../../accounts/accounts.service.js';
import { sanitizeBody } from '../documents.schemas.js';
import { disclosureAttributes, documentTypes, interpretationForms, validityStates, withholdingReasons } from '../documents.vocabulary.js';
import { access, canUse, fmtTime, parseJsonList, validityTagClass } from './context.js';
import { AttachmentsSection, FindingsSection } from './findings.view.js';
import { RelationsSection, VersionsSection } from './relations.view.js';
import type { FormState, WorkbenchData } from './workbench.data.js';
import { WorkflowSection } from './workflow.view.js';

export const doneMessages: Record<string, string> = {
  created: '草稿已保存。检查敏感信息检测结果后即可送审。', saved: '已保存为新版本。', submitted: '已送审。', reviewed: '审查意见已记录。',
  published: '已发布。', scheduled: '已设置定时发布。', withdrawn: '已撤回。', masked: '已脱敏，并形成新版本。', overridden: '已忽略该检测结果，理由已记录。',
  related: '关联已添加。', unrelated: '关联已删除。', uploaded: '附件已上传并完成检测。', removed: '附件已删除。',
};

const label = <T extends Record<string, string>>(vocabulary: T, code: string | null) => (code ? (vocabulary[code as keyof T] ?? code) : '—');

function Metadata({ data }: { data: WorkbenchData }) {
  const { doc } = data;
  const rows: [string, ComponentChildren][] = [
    ['索引号', doc.index_number],
    ['文件类型', label(documentTypes, doc.type)],
    ['文号', doc.doc_number ?? '—'],
    ['发文机关', parseJsonList(doc.issuers).join('、') || '—'],
    ['主题分类', doc.theme ?? '—'],
    ['成文日期', doc.written_on ?? '—'],
    ['施行日期', doc.effective_on ?? '—'],
    ['有效期至', doc.expires_on ?? '—'],
    ['效力状态', <><span class={validityTagClass[doc.validity] ?? 'tag'}>{label(validityStates, doc.validity)}</span>{doc.validity_changed_on ? `（${doc.validity_changed_on}）` : ''}</>],
    ['公开属性', doc.disclosure ? `${label(disclosureAttributes, doc.disclosure)}${doc.disclosure_reason ? `（${label(withholdingReasons, doc.disclosure_reason)}）` : ''}` : '尚未认定'],
    ['公开方式', doc.disclosure_method],
    ['适用对象', parseJsonList(doc.audience_tags).join('、') || '—'],
  ];
  if (doc.targeted) rows.push(['定向公开', data.recipients.join('、') || '（无接收账号）']);
  if (doc.type === 'interpretation') rows.push(['解读形式', label(interpretationForms, doc.interpretation_form)]);
  else rows.push(['三同步', doc.needs_interpretation ? '须同步发布政策解读' : '不需要']);
  rows.push(['负责人', (doc.owner_id && data.names.get(doc.owner_id)) || '—'], ['创建 / 更新', `${fmtTime(doc.created_at)} / ${fmtTime(doc.updated_at)}`]);
  return (
    <section aria-labelledby="s-meta">
      <h2 id="s-meta">基本信息</h2>
      <div class="table-wrap">
        <table class="data">
          <tbody>{rows.map(([name, value]) => <tr key={name}><th scope="row">{name}</th><td>{value}</td></tr>)}</tbody>
        </table>
      </div>
    </section>
  );
}

/** The document's workbench: one page with its state, its next step and everything attached to it. */
export function Workbench(props: { data: WorkbenchData; viewer: Viewer; csrf: string; state?: FormState; done?: string }) {
  const { data, viewer, state } = props;
  const { doc, version } = data;
  const formError = state?.errors[''];
  const editable = canUse(viewer, access.edit) && doc.status !== 'published' && doc.status !== 'scheduled';
  const sections = [['s-meta', '基本信息'], ['s-workflow', '审查与发布'], ['s-findings', '敏感信息'], ['s-body', '正文'], ['s-attachments', '附件'], ['s-relations', '关联文件'], ['s-versions', '版本记录']];
  return (
    <>
      {props.done && doneMessages[props.done] ? <Notice kind="success">{doneMessages[props.done]}</Notice> : null}
      {formError ? (
        <div class="error-summary" role="alert" tabIndex={-1}>
          <h2>未能完成操作</h2>
          <p>{formError}</p>
        </div>
      ) : null}
      <p class="actions">
        {editable ? <a class="button" href={`/console/documents/${doc.id}/edit`}>编辑（形成新版本）</a> : null}
        <a href="/console/documents">返回文件库</a>
      </p>
      <nav aria-label="本页内容"><p class="row-actions">{sections.map(([id, name]) => <a key={id} href={`#${id}`}>{name}</a>)}</p></nav>
      <Metadata data={data} />
      <WorkflowSection {...props} />
      <FindingsSection {...props} />
      <section aria-labelledby="s-body">
        <h2 id="s-body">正文（第 {doc.current_version} 版）</h2>
        {/* Bodies are sanitized on input; sanitized again here so nothing stored can ever run in the console. */}
        <div class="document-body" dangerouslySetInnerHTML={{ __html: sanitizeBody(version?.body_html ?? '') }} />
      </section>
      <AttachmentsSection {...props} />
      <RelationsSection {...props} />
      <VersionsSection {...props} />
    </>
  );
}
