import { ErrorSummary, Form, SelectField, TextField } from '../../../platform/views/forms.js';
import type { Viewer } from '../../accounts/accounts.service.js';
import { documentStatuses, relationKinds, validityStates } from '../documents.vocabulary.js';
import { access, canUse, fmtTime } from './context.js';
import { stateFor, type FormState, type WorkbenchData } from './workbench.data.js';

interface Props {
  data: WorkbenchData;
  viewer: Viewer;
  csrf: string;
  state?: FormState;
}

export const relationLabels = { kind: '关系', target: '关联文件' };
const kindLabel = (kind: string) => relationKinds[kind as keyof typeof relationKinds] ?? kind;
const statusOf = (d: { status: string; validity: string }) =>
  `${documentStatuses[d.status as keyof typeof documentStatuses] ?? d.status}，${validityStates[d.validity as keyof typeof validityStates] ?? d.validity}`;

/** 关联文件: 修改 / 废止 / 依据 / 解读 in both directions, the interpretations, and the add form. */
export function RelationsSection({ data, viewer, csrf, state }: Props) {
  const { doc } = data;
  const editable = canUse(viewer, access.relations);
  const s = stateFor(state, 'relation', { kind: 'basis' });
  return (
    <section aria-labelledby="s-relations">
      <h2 id="s-relations">关联文件</h2>
      {data.interprets ? <p>本文件解读：<a href={`/console/documents/${data.interprets.id}`}>《{data.interprets.title}》</a>（{statusOf(data.interprets)}）</p> : null}
      {doc.type !== 'interpretation' ? (
        <p>
          政策解读：
          {data.interpretations.length === 0 ? '暂无' : data.interpretations.map((i) => <span key={i.id}><a href={`/console/documents/${i.id}`}>《{i.title}》</a>（{statusOf(i)}） </span>)}
          {doc.needs_interpretation ? <strong> 本文件须同步发布解读（三同步）。</strong> : null}
          {canUse(viewer, access.edit) ? <> <a href={`/console/documents/new?type=interpretation&interpretsId=${doc.id}`}>新建解读</a></> : null}
        </p>
      ) : null}
      {data.relations.length === 0 ? (
        <p class="empty">暂无修改、废止、依据等关联。</p>
      ) : (
        <ul>
          {data.relations.map((r) => {
            const link = <a href={`/console/documents/${r.other.id}`}>《{r.other.title}》</a>;
            const description = r.outgoing ? `本文件${kindLabel(r.kind)}《${r.other.title}》` : `《${r.other.title}》${kindLabel(r.kind)}本文件`;
            return (
              <li key={`${r.fromId}-${r.toId}-${r.kind}`}>
                {r.outgoing ? <>本文件{kindLabel(r.kind)}{link}</> : <>{link}{kindLabel(r.kind)}本文件</>}
                <span class="meta">（{statusOf(r.other)}）</span>
                {editable ? (
                  <form method="post" action={`/console/documents/${doc.id}/relations/remove`} class="inline-form">
                    <input type="hidden" name="_csrf" value={csrf} />
                    <input type="hidden" name="fromId" value={String(r.fromId)} />
                    <input type="hidden" name="toId" value={String(r.toId)} />
                    <input type="hidden" name="kind" value={r.kind} />
                    {' '}<button type="submit" class="link-button">删除关联<span class="visually-hidden">：{description}</span></button>
                  </form>
                ) : null}
              </li>
            );
          })}
        </ul>
      )}
      {editable ? (
        <Form action={`/console/documents/${doc.id}/relations`} csrfToken={csrf} label="添加关联" class="form-narrow">
          <ErrorSummary errors={s.errors} labels={relationLabels} />
          <SelectField name="kind" label={`本文件与目标文件的${relationLabels.kind}`} {...s} options={Object.entries(relationKinds).map(([value, label]) => ({ value, label: `本文件${label}目标文件` }))} />
          <TextField name="target" label={relationLabels.target} {...s} required hint="填写文件编号（如 12）或文号（如 沪规划资源规〔2026〕3号）。“废止”“修改”会立即改变目标文件的效力状态" maxLength={100} />
          <button type="submit" class="button button-secondary">添加关联</button>
        </Form>
      ) : null}
    </section>
  );
}

/** 版本记录 with the compare form (GET, so a comparison can be bookmarked). */
export function VersionsSection({ data }: Props) {
  const { doc, versions } = data;
  const options = versions.map((v) => ({ value: String(v.version), label: `第 ${v.version} 版` }));
  const defaults = { a: String(Math.max(1, doc.current_version - 1)), b: String(doc.current_version) };
  return (
    <section aria-labelledby="s-versions">
      <h2 id="s-versions">版本记录</h2>
      <div class="table-wrap">
        <table class="data">
          <thead><tr><th scope="col">版本</th><th scope="col">标题</th><th scope="col">修改人</th><th scope="col">时间</th><th scope="col">说明</th></tr></thead>
          <tbody>
            {versions.map((v) => (
              <tr key={v.version}>
                <td>第 {v.version} 版{v.version === doc.published_version ? <span class="tag tag-green">已发布</span> : null}</td>
                <td>{v.title}</td>
                <td>{(v.created_by && data.names.get(v.created_by)) || '—'}</td>
                <td>{fmtTime(v.created_at)}</td>
                <td>{v.note || '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {versions.length > 1 ? (
        <Form action={`/console/documents/${doc.id}/compare`} method="get" csrfToken="" label="比较版本" class="filters">
          <SelectField name="a" label="比较" values={defaults} errors={{}} options={options} />
          <SelectField name="b" label="与" values={defaults} errors={{}} options={options} />
          <button type="submit" class="button button-secondary">比较</button>
        </Form>
      ) : null}
    </section>
  );
}
