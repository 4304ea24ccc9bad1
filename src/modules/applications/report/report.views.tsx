import { ErrorSummary, Form, Notice, TextArea, TextField, type Errors, type Values } from '../../../platform/views/forms.js';
import { cellText, reportGrids, type Grid } from './report.layout.js';
import { manualLabels, proseLabels, reportTitle, type Prose, type ReportData } from './report.model.js';
import type { AnnualReport } from './report.service.js';

/** A table of the report as an HTML table with the national layout (spans, header cells). */
export function GridTable(props: { grid: Grid; id: string }) {
  return (
    <div class="table-wrap" role="region" aria-labelledby={props.id} tabIndex={0}>
      <table class="data report-table">
        <caption id={props.id}>{props.grid.title}</caption>
        <tbody>
          {props.grid.rows.map((cells, r) => (
            <tr key={r}>
              {cells.map((cell, c) =>
                cell.head ? (
                  <th key={c} colSpan={cell.colSpan} rowSpan={cell.rowSpan} scope={(cell.colSpan ?? 1) > 1 || r < 3 ? 'col' : 'row'}>{cell.text}</th>
                ) : (
                  <td key={c} colSpan={cell.colSpan} rowSpan={cell.rowSpan} class="num">{cell.value === null ? '—' : cellText(cell)}</td>
                ),
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function ProseText(props: { text: string }) {
  const paragraphs = props.text.split(/\n+/).map((p) => p.trim()).filter(Boolean);
  return <>{paragraphs.length ? paragraphs.map((p, i) => <p key={i}>{p}</p>) : <p class="empty">无。</p>}</>;
}

/** The whole report in reading order: 一 (prose), 二、三、四 (tables), 五、六 (prose). */
export function ReportBody(props: { data: ReportData }) {
  const [t2, t3, t4] = reportGrids(props.data);
  const section = (key: keyof Prose) => (
    <section aria-labelledby={`r-${key}`}>
      <h2 id={`r-${key}`}>{proseLabels[key]}</h2>
      <ProseText text={props.data.prose[key]} />
    </section>
  );
  return (
    <div class="annual-report">
      {section('overview')}
      <section><GridTable grid={t2!} id="r-table2" /></section>
      <section><GridTable grid={t3!} id="r-table3" /></section>
      <section><GridTable grid={t4!} id="r-table4" /></section>
      {section('problems')}
      {section('other')}
    </div>
  );
}

export interface ConsoleReportState {
  manualValues: Values;
  manualErrors: Errors;
  proseValues: Values;
  proseErrors: Errors;
  publishReasons?: string[];
  done?: string;
}

const doneMessages: Record<string, string> = { manual: '表二人工填报数已保存。', prose: '文字部分已保存。', published: '年度报告已发布，公众可在网站“政府信息公开年度报告”栏目查看。' };

export function ConsoleReport(props: { report: AnnualReport; canEdit: boolean; csrf: string; state: ConsoleReportState }) {
  const { report, state } = props;
  const base = `/console/reports/${report.year}`;
  const editable = props.canEdit && report.status === 'draft';
  return (
    <>
      {state.done && doneMessages[state.done] ? <Notice kind="success">{doneMessages[state.done]}</Notice> : null}
      {state.publishReasons?.length ? (
        <div class="error-summary" role="alert" tabIndex={-1}>
          <h2>年度报告未发布：有 {state.publishReasons.length} 处问题需要处理</h2>
          <ul>{state.publishReasons.map((r, i) => <li key={i}>{r}</li>)}</ul>
        </div>
      ) : null}
      <p class="lede">{reportTitle(report.data)}</p>
      {report.status === 'published' ? (
        <Notice>已于 {report.publishedAt?.slice(0, 10)} 发布。以下为发布时冻结的数据，之后的案件变动不会改变已发布的报告。</Notice>
      ) : (
        <Notice kind={report.live?.violations.length || report.live?.problems.length ? 'warning' : 'info'}>
          草稿：表格按当前数据实时计算。
          {report.live?.violations.length ? ' 勾稽关系不成立的列见下方。' : ' 表三各列均满足 一 + 二 = 三（七）+ 四。'}
        </Notice>
      )}
      {report.live && (report.live.violations.length || report.live.problems.length) ? (
        <section aria-labelledby="r-check">
          <h2 id="r-check">数据检查</h2>
          <ul>{[...report.live.violations.map((v) => v.message), ...report.live.problems].map((m, i) => <li key={i}>{m}</li>)}</ul>
        </section>
      ) : null}
      <p class="actions">
        <a class="button button-secondary" href={`${base}/report.docx`}>下载 Word（.docx）</a>{' '}
        <a class="button button-secondary" href={`${base}/report.xlsx`}>下载 Excel（.xlsx）</a>
      </p>
      <ReportBody data={report.data} />
      {editable ? (
        <>
          <h2 id="manual">表二人工填报数</h2>
          <ErrorSummary errors={state.manualErrors} labels={manualLabels} />
          <Form action={`${base}/manual`} csrfToken={props.csrf} class="form-narrow" label="表二人工填报数">
            {(Object.keys(manualLabels) as (keyof typeof manualLabels)[]).map((k) => (
              <TextField key={k} name={k} label={manualLabels[k]} values={state.manualValues} errors={state.manualErrors} inputMode={k === 'fees' ? 'decimal' : 'numeric'} maxLength={16} />
            ))}
            <div class="actions"><button class="button" type="submit">保存填报数</button></div>
          </Form>
          <h2 id="prose">文字部分</h2>
          <ErrorSummary errors={state.proseErrors} labels={proseLabels} />
          <Form action={`${base}/prose`} csrfToken={props.csrf} label="年度报告文字部分">
            {(Object.keys(proseLabels) as (keyof Prose)[]).map((k) => (
              <TextArea key={k} name={k} label={proseLabels[k]} values={state.proseValues} errors={state.proseErrors} rows={8} maxLength={20000} />
            ))}
            <div class="actions"><button class="button" type="submit">保存文字部分</button></div>
          </Form>
          <h2 id="publish">发布</h2>
          {report.refusals.length ? (
            <>
              <p>发布前需处理：</p>
              <ul>{report.refusals.map((r, i) => <li key={i}>{r}</li>)}</ul>
            </>
          ) : <p>各项检查均已通过。发布后表格数据冻结，不能再修改。</p>}
          <Form action={`${base}/publish`} csrfToken={props.csrf} label="发布年度报告">
            <button class="button" type="submit">发布年度报告</button>
          </Form>
        </>
      ) : null}
    </>
  );
}
