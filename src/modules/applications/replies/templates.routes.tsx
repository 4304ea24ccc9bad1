import type { FastifyInstance, FastifyRequest } from 'fastify';
import { consolePage } from '../../../app/console-page.js';
import { requireStaff } from '../../../app/guards.js';
import type { Services } from '../../../app/services.js';
import { notFound } from '../../../platform/http/errors.js';
import { ErrorSummary, Form, Notice, TextArea, TextField, type Errors, type Values } from '../../../platform/views/forms.js';
import type { StaffRole } from '../../accounts/roles.js';
import { replyGroups, replyTypeCodes, replyTypes, type ReplyGroup, type ReplyType } from '../applications.vocabulary.js';
import { defaultReplyTemplates } from './default-templates.js';
import { placeholderNames, placeholders } from './placeholders.js';
import { isReplyType, listReplyTemplates, replyTemplateFor, resetReplyTemplate, saveReplyTemplate, type ReplyTemplate } from './templates.store.js';

/*
 * 答复口径 in the console: /console/reply-templates lists the templates by annual-report group;
 * /console/reply-templates/:type edits one (and …/reset restores the default). Disclosure office
 * and administrators only; every change is audited by the store.
 */

export const replyTemplateRoles: StaffRole[] = ['disclosure_office', 'admin'];
const BASE = '/console/reply-templates';
const labels = { title: '口径名称', body: '答复口径正文' };

const fmt = (iso: string | null) => (iso ? new Date(iso).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false }).slice(0, -3) : '—');

function typeParam(raw: string): ReplyType {
  if (!isReplyType(raw)) throw notFound('该答复类型');
  return raw;
}

function PlaceholderTable() {
  return (
    <table class="data">
      <caption>可用的占位符（生成告知书时替换为案件信息；未填写的显示为空白横线，须在发出前补全）</caption>
      <thead><tr><th>占位符</th><th>含义</th></tr></thead>
      <tbody>
        {placeholderNames.map((name) => (
          <tr key={name}><td><code>{`{{${name}}}`}</code></td><td>{placeholders[name]}</td></tr>
        ))}
      </tbody>
    </table>
  );
}

export function replyTemplateRoutes(app: FastifyInstance, services: Services) {
  const editPage = (request: FastifyRequest, replyType: ReplyType, current: ReplyTemplate, values: Values, errors: Errors) => {
    const d = defaultReplyTemplates[replyType];
    return consolePage(request, `编辑答复口径：${d.title}`, (
      <>
        <ErrorSummary errors={errors} labels={labels} />
        <p><a href={BASE}>返回答复口径列表</a></p>
        <dl>
          <dt>年报类别</dt><dd>{replyGroups[replyTypes[replyType].group]} {replyTypes[replyType].label}</dd>
          <dt>法律依据</dt><dd>{d.basis}</dd>
          <dt>使用提示</dt><dd>{d.guidance}</dd>
          <dt>当前状态</dt><dd>{current.isDefault ? '使用系统默认口径' : `已修改（${fmt(current.updatedAt)}）`}</dd>
        </dl>
        <Form action={`${BASE}/${replyType}`} csrfToken={request.csrfToken()} label="答复口径">
          <TextField name="title" label={labels.title} values={values} errors={errors} required maxLength={200} />
          <TextArea
            name="body"
            label={labels.body}
            values={values}
            errors={errors}
            required
            rows={14}
            hint="每段一行。称呼（申请人：）、公开信息清单、救济途径、落款和日期由系统在告知书中自动生成，无须写入。"
          />
          <div class="actions"><button class="button" type="submit">保存</button><a href={BASE}>取消</a></div>
        </Form>
        {current.isDefault ? null : (
          <Form action={`${BASE}/${replyType}/reset`} csrfToken={request.csrfToken()} label="恢复默认口径">
            <button class="button button-secondary" type="submit">恢复系统默认口径</button>
          </Form>
        )}
        <details>
          <summary>系统默认口径</summary>
          {d.body.split('\n').map((line, i) => <p key={i}>{line}</p>)}
        </details>
        <PlaceholderTable />
      </>
    ));
  };

  app.get<{ Querystring: { done?: string } }>(BASE, async (request, reply) => {
    requireStaff(request, replyTemplateRoles);
    const templates = await listReplyTemplates(services.database.db, request.site.id);
    const byGroup = (group: ReplyGroup) => templates.filter((t) => replyTypes[t.replyType].group === group);
    return reply.page(consolePage(request, '答复口径', (
      <>
        {request.query.done === 'saved' ? <Notice kind="success">答复口径已保存。</Notice> : null}
        {request.query.done === 'reset' ? <Notice kind="success">已恢复系统默认口径。</Notice> : null}
        <p class="lede">答复类型与政府信息公开工作年度报告表三“本年度办理结果”逐项对应。每种类型一套统一口径，生成答复告知书时自动填入案件信息。</p>
        {(Object.keys(replyGroups) as ReplyGroup[]).map((group) => (
          <section key={group}>
            <h2>{replyGroups[group]}</h2>
            <table class="data">
              <thead><tr><th>答复类型</th><th>口径名称</th><th>法律依据</th><th>状态</th><th>操作</th></tr></thead>
              <tbody>
                {byGroup(group).map((t) => (
                  <tr key={t.replyType}>
                    <td>{replyTypes[t.replyType].label}</td>
                    <td>{t.title}</td>
                    <td>{defaultReplyTemplates[t.replyType].basis}</td>
                    <td>{t.isDefault ? '默认' : `已修改 ${fmt(t.updatedAt)}`}</td>
                    <td><a href={`${BASE}/${t.replyType}`}>编辑<span class="visually-hidden">{t.title}</span></a></td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
        ))}
      </>
    )));
  });

  app.get<{ Params: { type: string } }>(`${BASE}/:type`, async (request, reply) => {
    requireStaff(request, replyTemplateRoles);
    const replyType = typeParam(request.params.type);
    const current = await replyTemplateFor(services.database.db, request.site.id, replyType);
    return reply.page(editPage(request, replyType, current, { title: current.title, body: current.body }, {}));
  });

  app.post<{ Params: { type: string } }>(`${BASE}/:type`, async (request, reply) => {
    requireStaff(request, replyTemplateRoles);
    const replyType = typeParam(request.params.type);
    const body = (request.body ?? {}) as Values;
    const outcome = await saveReplyTemplate(services.database, request.site.id, replyType, { title: body.title, body: body.body }, request.auditActor());
    if (!outcome.ok) {
      const current = await replyTemplateFor(services.database.db, request.site.id, replyType);
      return reply.page(editPage(request, replyType, current, body, outcome.errors), 422);
    }
    return reply.redirect(`${BASE}?done=saved`, 303);
  });

  app.post<{ Params: { type: string } }>(`${BASE}/:type/reset`, async (request, reply) => {
    requireStaff(request, replyTemplateRoles);
    const replyType = typeParam(request.params.type);
    await resetReplyTemplate(services.database, request.site.id, replyType, request.auditActor());
    return reply.redirect(`${BASE}?done=reset`, 303);
  });
}

/** For a menu or a test: every reply type has a page. */
export const replyTemplatePaths = replyTypeCodes.map((code) => `${BASE}/${code}`);
