import type { Database } from '../platform/db/database.js';
import { nowIso } from '../platform/db/database.js';
import { insertAccount, replaceRoles } from '../modules/accounts/accounts.store.js';
import { hashPassword } from '../modules/accounts/passwords.js';
import { staffRoles, type StaffRole } from '../modules/accounts/roles.js';
import { listSites, insertDepartment, listDepartments } from '../modules/sites/sites.store.js';
import { deliverToInbox } from '../modules/space/inbox.store.js';
import { appendAudit } from '../platform/audit/audit.service.js';

export const DEMO_PASSWORD = 'Gongkai-demo-2026';

export interface DemoLogin {
  who: string;
  login: string;
  where: string;
}

const departments = [
  { code: 'BGS', name: '办公室' },
  { code: 'ZCFG', name: '政策法规处' },
  { code: 'GHC', name: '详细规划管理处' },
  { code: 'YDC', name: '土地利用管理处' },
  { code: 'GKB', name: '政务公开办公室' },
];

const staff: { username: string; name: string; roles: StaffRole[]; department?: string; platformAdmin?: boolean }[] = [
  { username: 'admin', name: '王管理', roles: ['admin'], platformAdmin: true },
  { username: 'editor', name: '李编辑', roles: ['editor'] },
  { username: 'reviewer', name: '赵审核', roles: ['reviewer'] },
  { username: 'secrecy', name: '钱保密', roles: ['confidentiality'] },
  { username: 'gkb', name: '孙公开', roles: ['disclosure_office'] },
  { username: 'handler', name: '周承办', roles: ['handler'], department: 'GHC' },
  { username: 'head', name: '吴负责', roles: ['head'] },
  { username: 'expert', name: '郑专家', roles: ['expert'] },
];

/** Demo accounts and content for `npm start`: created once, only on a database without staff. */
export async function seedDemo(database: Database): Promise<{ created: boolean; logins: DemoLogin[] }> {
  const logins: DemoLogin[] = [
    ...staff.map((s) => ({ who: `${s.name}（${s.roles.map((r) => staffRoles[r]).join('、')}${s.platformAdmin ? '、平台管理员' : ''}）`, login: s.username, where: '/console/login' })),
    { who: '张三（自然人）', login: 'citizen@example.com', where: '/login' },
    { who: '示例科技有限公司（法人）', login: 'company@example.com', where: '/login' },
  ];
  const hasStaff = await database.db.selectFrom('accounts').select('id').where('kind', '=', 'staff').limit(1).executeTakeFirst();
  if (hasStaff) return { created: false, logins };
  const site = (await listSites(database.db)).find((s) => s.isDefault);
  if (!site) throw new Error('没有默认站点');
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  await database.db.transaction().execute(async (trx) => {
    const actor = { id: null, label: '演示数据', ip: '-', siteId: site.id };
    const existing = await listDepartments(trx, site.id);
    for (const d of departments) {
      if (!existing.some((e) => e.code === d.code)) await insertDepartment(trx, site.id, d.name, d.code);
    }
    const deptIds = new Map((await listDepartments(trx, site.id)).map((d) => [d.code, d.id]));
    for (const s of staff) {
      const id = await insertAccount(trx, { kind: 'staff', name: s.name, siteId: site.id, username: s.username, email: `${s.username}@ghzyj.example.gov.cn`, passwordHash, isPlatformAdmin: s.platformAdmin });
      await replaceRoles(trx, id, s.roles, s.department ? (deptIds.get(s.department) ?? null) : null);
      await appendAudit(trx, actor, { action: 'staff.create', targetType: 'account', targetId: id, summary: `演示数据：新建工作人员 ${s.name}` });
    }
    const citizen = await insertAccount(trx, { kind: 'person', name: '张三', siteId: null, email: 'citizen@example.com', mobile: '13800138000', passwordHash });
    const company = await insertAccount(trx, { kind: 'organization', orgType: '商业企业', name: '示例科技有限公司', siteId: null, email: 'company@example.com', creditCode: '91310000MA1K000006', passwordHash });
    const messages = [
      { title: '欢迎使用个人专属空间', category: '系统通知', body: '您可以在这里接收本局推送的政策信息、查看政府信息公开申请的办理进度和答复。' },
      { title: '《2024年上海市规划和自然资源局政务公开工作要点》已发布', category: '政策推送', body: '本局发布了2024年政务公开工作要点，聚焦重点任务，强化公众关注领域主动公开。', link: '/column/zcwj' },
      { title: '“15分钟社区生活圈”建设情况公开征询意见', category: '意见征集', body: '欢迎就您所在社区的生活圈建设提出意见和建议。', link: '/column/hdjl' },
    ];
    for (const accountId of [citizen, company]) {
      for (const m of messages) await deliverToInbox(trx, { siteId: site.id, accountId, ...m });
    }
    await trx.insertInto('error_reports').values({ site_id: site.id, page_url: '/column/zcwj', category: '链接无法打开', description: '政策文件栏目中“规章”链接打开后为空白页。', contact: '', status: 'new', created_at: nowIso() }).execute();
    await appendAudit(trx, actor, { action: 'demo.seed', targetType: 'site', targetId: site.id, summary: '写入演示账号与演示内容' });
  });
  return { created: true, logins };
}
