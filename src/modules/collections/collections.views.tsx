import type { DocumentRow } from '../documents/documents.store.js';
import { documentStatuses, documentTypes, type DocumentStatus, type DocumentType } from '../documents/documents.vocabulary.js';
import { ChoiceGroup, Form, TextArea, TextField, type Errors, type Values } from '../../platform/views/forms.js';
import { formLabels as labels, itemKinds, STALE_AFTER_DAYS_RANGE, type ItemKind } from './collections.schemas.js';
import type { FindingRow, ItemRow } from './collections.store.js';
import { isPublicDocument, validityLabel } from './document-access.js';

/** 现行有效 green, 已废止 / 已失效 red, 已修改 neutral: the same badge on console and portal. */
export function ValidityBadge(props: { validity: string }) {
  const tone = props.validity === 'current' ? ' tag-green' : props.validity === 'repealed' || props.validity === 'expired' ? ' tag-red' : '';
  return <span class={`tag validity-${props.validity}${tone}`}>{validityLabel(props.validity)}</span>;
}

export const shanghaiDate = (iso: string | null) => (iso ? new Date(Date.parse(iso) + 8 * 3_600_000).toISOString().slice(0, 10) : '');

export function CollectionFields(props: { values: Values; errors: Errors }) {
  const { values, errors } = props;
  return (
    <>
      <TextField name="title" label={labels.title!} values={values} errors={errors} required maxLength={100} />
      <TextField name="slug" label={labels.slug!} values={values} errors={errors} required maxLength={64} hint="公众访问地址 /topics/访问地址，例如 urban-renewal" />
      <TextArea name="summary" label={labels.summary!} values={values} errors={errors} rows={3} maxLength={1000} />
      <TextField name="staleAfterDays" label={labels.staleAfterDays!} values={values} errors={errors} required inputMode="numeric" maxLength={4}
        hint={`超过该天数未更新或核对，日常巡检将提示（${STALE_AFTER_DAYS_RANGE.min}–${STALE_AFTER_DAYS_RANGE.max} 天；默认 180 天，即半年）`} />
      <ChoiceGroup type="checkbox" name="published" label={labels.published!} values={values} errors={errors} options={[{ value: 'on', label: '在门户网站公开', hint: '只显示已发布的文件' }]} />
    </>
  );
}

function DocumentCell(props: { doc: DocumentRow | undefined; documentId: number | null }) {
  const { doc } = props;
  if (!doc) return <span class="tag tag-red">文件已不存在（#{props.documentId ?? '—'}）</span>;
  return (
    <>
      <span class="meta">{documentTypes[doc.type as DocumentType] ?? doc.type}</span> {doc.title}
      {doc.doc_number ? <span class="meta">（{doc.doc_number}）</span> : null}{' '}
      <ValidityBadge validity={doc.validity} />
      {isPublicDocument(doc) ? null : <span class="tag tag-red">{documentStatuses[doc.status as DocumentStatus] ?? doc.status}，公众不可见</span>}
    </>
  );
}

function ItemButton(props: { action: string; csrf: string; label: string; name?: string; value?: string; disabled?: boolean; text: string }) {
  return (
    <form method="post" action={props.action} class="inline-form">
      <input type="hidden" name="_csrf" value={props.csrf} />
      {props.name ? <input type="hidden" name={props.name} value={props.value} /> : null}
      <button type="submit" class="link-button" aria-label={props.label} disabled={props.disabled}>{props.text}</button>
    </form>
  );
}

export function ItemsTable(props: { collectionId: number; items: ItemRow[]; documents: Map<number, DocumentRow>; csrf: string }) {
  const { items, collectionId, csrf } = props;
  if (items.length === 0) return <p class="empty">尚无条目。请在下方添加文件、常见问题或服务链接。</p>;
  return (
    <div class="table-wrap">
      <table class="data">
        <thead><tr><th>顺序</th><th>类别</th><th>内容</th><th>操作</th></tr></thead>
        <tbody>
          {items.map((item, i) => {
            const base = `/console/collections/${collectionId}/items/${item.id}`;
            const name = item.kind === 'document' ? (props.documents.get(item.document_id ?? 0)?.title ?? `#${item.document_id}`) : item.title;
            return (
              <tr key={item.id} id={`item-${item.id}`}>
                <td>{i + 1}</td>
                <td>{itemKinds[item.kind as ItemKind] ?? item.kind}</td>
                <td>
                  {item.kind === 'document' ? <DocumentCell doc={props.documents.get(item.document_id ?? 0)} documentId={item.document_id} /> : null}
                  {item.kind === 'faq' ? <><strong>{item.title}</strong><p class="meta">{item.body}</p></> : null}
                  {item.kind === 'link' ? <>{item.title} <span class="meta">{item.url}</span></> : null}
                </td>
                <td class="actions">
                  <ItemButton action={`${base}/move`} csrf={csrf} name="direction" value="up" text="上移" label={`上移：${name}`} disabled={i === 0} />
                  <ItemButton action={`${base}/move`} csrf={csrf} name="direction" value="down" text="下移" label={`下移：${name}`} disabled={i === items.length - 1} />
                  <ItemButton action={`${base}/remove`} csrf={csrf} text="移除" label={`移除：${name}`} />
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

export function AddItemForms(props: { collectionId: number; csrf: string; values: Values; errors: Errors }) {
  const { values, errors, csrf } = props;
  const base = `/console/collections/${props.collectionId}/items`;
  return (
    <>
      <h3 id="add-document">添加政策文件或解读</h3>
      <Form action={`${base}/document`} csrfToken={csrf} class="form-narrow" label="添加文件">
        <TextField name="document" label={labels.document!} values={values} errors={errors} required maxLength={100} hint="本站文件编号（如 123）、文号（如 沪规划资源规〔2026〕1号）或索引号" />
        <div class="actions"><button class="button" type="submit">添加文件</button></div>
      </Form>
      <h3 id="add-faq">添加常见问题</h3>
      <Form action={`${base}/faq`} csrfToken={csrf} class="form-narrow" label="添加常见问题">
        <TextField name="question" label={labels.question!} values={values} errors={errors} required maxLength={200} />
        <TextArea name="answer" label={labels.answer!} values={values} errors={errors} required rows={4} maxLength={5000} hint="可引用本站地址，如 /documents/123 或 /topics/urban-renewal" />
        <div class="actions"><button class="button" type="submit">添加常见问题</button></div>
      </Form>
      <h3 id="add-link">添加服务链接（一网通办事项）</h3>
      <Form action={`${base}/link`} csrfToken={csrf} class="form-narrow" label="添加服务链接">
        <TextField name="linkTitle" label={labels.linkTitle!} values={values} errors={errors} required maxLength={100} />
        <TextField name="linkUrl" label={labels.linkUrl!} values={values} errors={errors} required maxLength={1000} type="url" hint="https:// 开头的完整网址，或以 / 开头的本站地址" />
        <div class="actions"><button class="button" type="submit">添加服务链接</button></div>
      </Form>
    </>
  );
}

export function FindingsList(props: { findings: FindingRow[]; titles?: Map<number, string> }) {
  if (props.findings.length === 0) return <p class="empty">未发现问题。</p>;
  return (
    <div class="table-wrap">
      <table class="data findings">
        <thead><tr><th>级别</th>{props.titles ? <th>主题库</th> : null}<th>问题</th><th>建议处理</th></tr></thead>
        <tbody>
          {props.findings.map((f) => (
            <tr key={f.id} class={`finding-${f.severity}`}>
              <td>{f.severity === 'error' ? <span class="tag tag-red">错误</span> : <span class="tag">警告</span>}</td>
              {props.titles ? <td><a href={`/console/collections/${f.collection_id}${f.item_id ? `#item-${f.item_id}` : ''}`}>{props.titles.get(f.collection_id) ?? `#${f.collection_id}`}</a></td> : null}
              <td>{f.message}</td>
              <td>{f.suggested_fix}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
