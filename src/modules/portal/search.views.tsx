import type { SearchHit } from '../../platform/search/search.types.js';
import { ChoiceGroup, ErrorSummary, SelectField, TextField, type Errors, type Values } from '../../platform/views/forms.js';
import { shanghaiDate } from '../documents/portal/format.js';
import { Pager, themeOptions, typeOptions, validityOptions } from '../documents/portal/list.views.js';
import { MAX_QUERY_LENGTH, SEARCH_PAGE_SIZE } from './search.schema.js';

export const searchLabels: Record<string, string> = {
  q: '检索词', type: '文件类型', issuer: '发文机关', year: '发布年份', validity: '效力状态', theme: '主题分类', order: '排序', page: '页码',
};

const ENTITIES: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': "'" };
const unescape = (html: string): string => html.replace(/&(?:amp|lt|gt|quot|#39);/g, (e) => ENTITIES[e]!);

/**
 * A snippet from the search index is escaped text with <mark> around matched words. It is taken
 * apart here and rebuilt as elements, so Preact escapes the text again: nothing from a document
 * body ever reaches the page as markup.
 */
export function Snippet(props: { html: string }) {
  const parts = props.html.split(/<mark>|<\/mark>/);
  return <p class="snippet">{parts.map((part, i) => (i % 2 === 1 ? <mark key={i}>{unescape(part)}</mark> : unescape(part)))}</p>;
}

function SearchForm(props: { values: Values; errors: Errors; issuers: string[] }) {
  const issuer = typeof props.values.issuer === 'string' ? props.values.issuer : '';
  const issuers = issuer && !props.issuers.includes(issuer) ? [issuer, ...props.issuers] : props.issuers;
  return (
    <form method="get" action="/search" role="search" class="search-form" aria-label="检索政策文件">
      <TextField name="q" type="search" label={searchLabels.q!} values={props.values} errors={props.errors} maxLength={MAX_QUERY_LENGTH}
        hint="可输入标题或正文中的词语、文号（如 沪规划资源规〔2024〕3号）或索引号" />
      <div class="filters">
        <SelectField name="type" label={searchLabels.type!} values={props.values} errors={props.errors} options={typeOptions} placeholder="全部类型" />
        <SelectField name="issuer" label={searchLabels.issuer!} values={props.values} errors={props.errors} options={issuers.map((i) => ({ value: i, label: i }))} placeholder="全部发文机关" />
        <TextField name="year" label={searchLabels.year!} values={props.values} errors={props.errors} inputMode="numeric" maxLength={4} />
        <SelectField name="validity" label={searchLabels.validity!} values={props.values} errors={props.errors} options={validityOptions} placeholder="全部" />
        <SelectField name="theme" label={searchLabels.theme!} values={props.values} errors={props.errors} options={themeOptions} placeholder="全部主题" />
      </div>
      <ChoiceGroup type="radio" name="order" label={searchLabels.order!} values={{ order: props.values.order ?? 'relevance' }} errors={props.errors}
        options={[{ value: 'relevance', label: '按相关度' }, { value: 'date', label: '按发布日期（新的在前）' }]} />
      <ChoiceGroup type="radio" name="scope" label="检索范围" values={{ scope: props.values.scope ?? 'site' }} errors={props.errors}
        options={[{ value: 'site', label: '本站' }, { value: 'all', label: '全部站点（本平台各部门、各区网站）' }]} />
      <button class="button" type="submit">搜索</button>
    </form>
  );
}

export interface SearchOutcome {
  total: number;
  items: SearchHit[];
  page: number;
  pages: number;
  href: (page: number) => string;
}

export function SearchPage(props: { values: Values; errors: Errors; issuers: string[]; result?: SearchOutcome; query: string }) {
  const { result } = props;
  return (
    <>
      <h1>全站搜索</h1>
      <ErrorSummary errors={props.errors} labels={searchLabels} />
      <SearchForm values={props.values} errors={props.errors} issuers={props.issuers} />
      {result ? (
        <section aria-labelledby="search-results">
          <h2 id="search-results">搜索结果</h2>
          <p role="status">
            {result.total > 0 ? `共找到 ${result.total} 条结果${result.pages > 1 ? `，第 ${result.page} / ${result.pages} 页` : ''}。` : props.query ? `没有找到与“${props.query}”相关的已发布信息。` : '没有符合条件的已发布信息。'}
          </p>
          {result.items.length > 0 ? (
            <ol class="search-results" start={(result.page - 1) * SEARCH_PAGE_SIZE + 1}>
              {result.items.map((hit) => (
                <li key={hit.key}>
                  <h3><a href={hit.url}>{hit.title}</a></h3>
                  <p class="meta">{hit.docNumber ? `${hit.docNumber} · ` : ''}{shanghaiDate(hit.publishedAt)} 发布</p>
                  <Snippet html={hit.snippet} />
                </li>
              ))}
            </ol>
          ) : result.total > 0 ? <p class="empty">本页没有结果，请返回第 1 页。</p> : (
            <ul class="meta">
              <li>请检查是否有错别字，或换用更短、更常用的词语；</li>
              <li>按文号检索时，括号可写作〔〕、[] 或 ()；</li>
              <li>也可以<a href="/documents">浏览政策文件库</a>。</li>
            </ul>
          )}
          <Pager page={result.page} pages={result.pages} href={result.href} />
        </section>
      ) : !Object.keys(props.errors).length ? (
        <p class="meta">可按文件名称、文号、索引号或关键词检索已发布的政策文件、解读和公告。</p>
      ) : null}
    </>
  );
}
