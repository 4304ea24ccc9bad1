import type { FastifyInstance } from 'fastify';
import { consolePage } from '../../app/console-page.js';
import { requireStaff } from '../../app/guards.js';
import type { Services } from '../../app/services.js';
import { Form, Notice } from '../../platform/views/forms.js';
import { curatorRoles } from './collections.console.js';
import * as store from './collections.store.js';
import { FindingsList } from './collections.views.js';
import { inspectNow, latestFindings } from './inspection.service.js';

/** 巡检结果: the findings of the latest inspection run of this site, errors first. */
export function inspectionConsoleRoutes(app: FastifyInstance, services: Services) {
  const db = services.database.db;

  app.get<{ Querystring: { done?: string } }>('/console/collections/inspection', async (request, reply) => {
    requireStaff(request, curatorRoles);
    const { run, findings } = await latestFindings(db, request.site.id);
    const titles = new Map((await store.listCollections(db, request.site.id)).map((c) => [c.id, c.title]));
    const ordered = [...findings.filter((f) => f.severity === 'error'), ...findings.filter((f) => f.severity !== 'error')];
    return reply.page(consolePage(request, '主题库巡检结果', (
      <>
        {request.query.done ? <Notice kind="success">巡检已完成。</Notice> : null}
        <p>每日自动巡检各主题库：已废止、已失效、已撤回或未发布的文件，失效的本站链接，格式错误的服务链接，以及超过提醒周期未更新的主题库。外部网址的可访问性由链接检查另行负责。</p>
        {run ? (
          <p class="meta">
            最近一次巡检：{run.started_at.slice(0, 16).replace('T', ' ')}（UTC，{run.trigger === 'manual' ? '手动' : '定时'}），
            检查 {run.collections} 个主题库，发现 <strong>{run.errors}</strong> 个错误、<strong>{run.warnings}</strong> 个警告。
          </p>
        ) : <p class="empty">尚未巡检。</p>}
        <Form action="/console/collections/inspection/run" csrfToken={request.csrfToken()} label="立即巡检">
          <button type="submit" class="button button-secondary">立即巡检</button>
        </Form>
        {run ? <FindingsList findings={ordered} titles={titles} /> : null}
        <p><a href="/console/collections">返回主题库列表</a></p>
      </>
    )));
  });

  app.post('/console/collections/inspection/run', async (request, reply) => {
    requireStaff(request, curatorRoles);
    await inspectNow(services.database, request.site, { ...request.auditActor(), siteId: request.site.id });
    return reply.redirect('/console/collections/inspection?done=1', 303);
  });
}
