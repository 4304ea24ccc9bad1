import type { Database } from '../platform/db/database.js';
import { addSite } from '../modules/sites/sites.service.js';
import { listSites } from '../modules/sites/sites.store.js';

/** A fresh installation serves one site for every host name until `gongkai site add` adds more. */
export async function ensureDefaultSite(database: Database): Promise<void> {
  if ((await listSites(database.db)).length > 0) return;
  const outcome = await addSite(
    database,
    {
      slug: 'main',
      name: process.env.GONGKAI_SITE_NAME ?? '上海市规划和自然资源局',
      hosts: 'localhost',
      footer: {
        sponsor: process.env.GONGKAI_SITE_SPONSOR ?? '上海市规划和自然资源局（示例）',
        siteCode: '3100000000',
        icp: '沪ICP备00000000号（示例）',
        psb: '沪公网安备00000000000000号（示例）',
        phone: '021-00000000（示例）',
        address: '上海市（示例地址）',
        email: '',
      },
    },
    { id: null, label: '系统初始化', ip: '-', siteId: null },
    true,
  );
  // Two processes starting together on a new database: the loser finds the slug taken, which is fine.
  if (!outcome.ok && !outcome.errors.slug) throw new Error(`默认站点创建失败：${JSON.stringify(outcome.errors)}`);
}
