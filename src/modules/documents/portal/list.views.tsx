import { Fragment } from 'preact';
import { ErrorSummary, SelectField, TextField, type Errors, type Values } from '../../../platform/views/forms.js';
import { ListSubscribeLink } from '../../subscriptions/subscribe/subscribe-links.js';
import { documentTypeCodes, documentTypes, interpretationForms, themes, validityStates } from '../documents.vocabulary.js';
import { documentHref, ValidityTag } from './document.views.js';
import { formLabel, isPolicyType, shanghaiDate, typeLabel } from './format.js';
import type { ListRow } from './public-store.js';

const options = (labels: Record<string, string>) => Object.entries(labels).map(([value, label]) => ({ value, label }));
export const typeOptions = options(documentTypes);
export const validityOptions = options(validityStates);
export const formOptions = options(interpretationForms);
export const themeOptions = themes.map((t) => ({ value: t, label: t }));

/** One document in a list: title, status, and the facts people scan for (type, 文号, date). */
export function DocumentItem(props: { doc: ListRow }) {
  const d = props.doc;
  return (
    <li class="document-item">
      <a href={documentHref(d.id)}>{d.title}</a>{' '}
      {isPolicyType(d.type) ? <ValidityTag validity={d.validity} /> : d.interpretation_form ? <span class="tag">{formLabel(d.interpretation_form)}</span> : null}
      <span class="meta">
        {' '}{typeLabel(d.type)}{d.doc_number ? ` · ${d.doc_number}` : ''} · <time dateTime={shanghaiDate(d.published_at)}>{shanghaiDate(d.published_at)}</time> 发布
      </span>
    </li>
  );
}

export function DocumentList(props: { docs: ListRow[]; empty?: string }) {
  if (props.docs.length === 0) return <p class="empty">{props.empty ?? '暂无已发布的文件。'}</p>;
  return (
    <ul class="document-list">
      {props.docs.map((d) => <DocumentItem key={d.id} doc={d} />)}
    </ul>
  );
}

/** Numbered pages (1 … 4 5 [6] 7 8 … 20), with previous / next, as plain links. */
export function Pager(props: { page: number; pages: number; href: (page: number) => string }) {
  const { page, pages } = props;
  if (pages <= 1) return null;
  const shown = new Set<number>([1, pages]);
  for (let p = Math.max(1, page - 2); p <= Math.min(pages, page + 2); p++) shown.add(p);
  const list = [...shown].sort((a, b) => a - b);
  return (
    <nav class="pager" aria-label="分页">
      <p class="actions pager-links">
        {page > 1 ? <a href={props.href(page - 1)} rel="prev">上一页</a> : null}
        {list.map((p, i) => (
          <Fragment key={p}>
            {i > 0 && p - list[i - 1]! > 1 ? <span aria-hidden="true">…</span> : null}
            {p === page ? <strong aria-current="page">第 {p} 页</strong> : <a href={props.href(p)} aria-label={`第 ${p} 页`}>{p}</a>}
          </Fragment>
        ))}
        {page < pages ? <a href={props.href(page + 1)} rel="next">下一页</a> : null}
      </p>
      <p class="meta">共 {pages} 页</p>
    </nav>
  );
}

export const listLabels: Record<string, string> = { type: '文件类型', theme: '主题分类', year: '发布年份', validity: '效力状态', form: '解读形式', page: '页码' };

/** The filters of a list, as a GET form (works without JavaScript). */
export function ListFilterForm(props: { action: string; values: Values; errors: Errors; fixedType?: boolean; showForm?: boolean }) {
  return (
    <form method="get" action={props.action} class="filters" aria-label="筛选文件">
      {props.fixedType ? (
        props.values.type ? <input type="hidden" name="type" value={String(props.values.type)} /> : null
      ) : (
        <SelectField name="type" label={listLabels.type!} values={props.values} errors={props.errors} options={typeOptions} placeholder="全部类型" />
      )}
      <SelectField name="theme" label={listLabels.theme!} values={props.values} errors={props.errors} options={themeOptions} placeholder="全部主题" />
      <TextField name="year" label={listLabels.year!} values={props.values} errors={props.errors} inputMode="numeric" maxLength={4} />
      {props.fixedType ? null : <SelectField name="validity" label={listLabels.validity!} values={props.values} errors={props.errors} options={validityOptions} placeholder="全部" />}
      {props.showForm ? <SelectField name="form" label={listLabels.form!} values={props.values} errors={props.errors} options={formOptions} placeholder="全部形式" /> : null}
      <button class="button" type="submit">筛选</button>
    </form>
  );
}

export function ListPage(props: {
  title: string;
  lede?: string;
  action: string;
  values: Values;
  errors: Errors;
  fixedType?: boolean;
  result?: { total: number; docs: ListRow[]; page: number; pages: number; href: (page: number) => string };
  feedQuery: string;
}) {
  const { result } = props;
  return (
    <>
      <h1>{props.title}</h1>
      {props.lede ? <p class="lede">{props.lede}</p> : null}
      <ErrorSummary errors={props.errors} labels={listLabels} />
      <ListFilterForm action={props.action} values={props.values} errors={props.errors} fixedType={props.fixedType} showForm={props.values.type === 'interpretation'} />
      {result ? (
        <>
          <p role="status">共 {result.total} 件{result.pages > 1 ? `，每页 20 件` : ''}</p>
          <DocumentList docs={result.docs} empty={result.total > 0 ? '本页没有文件，请返回第 1 页。' : '没有符合条件的已发布文件。'} />
          <Pager page={result.page} pages={result.pages} href={result.href} />
        </>
      ) : null}
      <p class="meta feeds">
        订阅新发布的文件：<a href={`/feeds/documents.rss${props.feedQuery}`}>RSS</a> · <a href={`/feeds/documents.atom${props.feedQuery}`}>Atom</a> ·{' '}
        <a href={`/feeds/documents.json${props.feedQuery}`}>JSON Feed</a>
      </p>
      <ListSubscribeLink theme={props.values.theme} type={props.values.type} typeLabel={typeof props.values.type === 'string' ? documentTypes[props.values.type as keyof typeof documentTypes] : undefined} />
    </>
  );
}

/** Links to every type's list and its 现行有效 list (the library's home). */
export function TypeLinks() {
  return (
    <nav aria-label="按类型浏览" class="type-links">
      <ul>
        {documentTypeCodes.map((t) => (
          <li key={t}>
            <a href={`/documents?type=${t}`}>{documentTypes[t]}</a>
            {isPolicyType(t) ? <> · <a href={`/policies/current?type=${t}`}>现行有效</a></> : null}
          </li>
        ))}
      </ul>
    </nav>
  );
}
