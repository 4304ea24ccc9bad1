import { loadConfig } from '../../src/config/config.js';
import { createGongkai, type Gongkai } from '../../src/main.js';
import { registerSchema } from '../../src/modules/accounts/accounts.schemas.js';
import { registerPublicAccount } from '../../src/modules/accounts/accounts.service.js';
import type { StaffRole } from '../../src/modules/accounts/roles.js';
import { createStaffUser } from '../../src/modules/accounts/staff.service.js';
import { addSite } from '../../src/modules/sites/sites.service.js';
import type { DatabaseKind } from '../../src/platform/db/database.js';
import { createTestDatabase, type TestDatabase } from '../../src/platform/db/testing.js';
import { Client, type ClientOptions } from './client.js';

/** One password for every account the helpers create: valid under the password policy. */
export const TEST_PASSWORD = 'Test-Passw0rd-2026';

/** Settings every test app gets unless a test overrides them (as strings, like the real environment). */
const baseEnv: Record<string, string> = {
  NODE_ENV: 'test',
  LOG_LEVEL: 'silent',
  JOBS: 'off',
  // Generous limits so route-by-route sweeps are not throttled; the rate-limit tests lower them.
  RATE_LIMIT_PER_MINUTE: '100000',
  AUTH_RATE_LIMIT_PER_MINUTE: '100000',
};

const systemActor = (siteId: number | null) => ({ id: null, label: '测试', ip: '127.0.0.1', siteId });

export interface TestApp {
  kind: DatabaseKind;
  gk: Gongkai;
  database: TestDatabase;
  /** The default site (answers every unknown host). */
  siteId: number;
  client(options?: ClientOptions): Client;
  addStaff(username: string, roles: StaffRole[], options?: { siteId?: number; platformAdmin?: boolean; email?: string; password?: string }): Promise<number>;
  /** A staff member already signed in to the console. */
  staffClient(username: string, roles: StaffRole[], options?: { siteId?: number; platformAdmin?: boolean; host?: string }): Promise<Client>;
  addCitizen(email: string, options?: { name?: string; password?: string }): Promise<number>;
  /** A member of the public already signed in. */
  citizenClient(email: string): Promise<Client>;
  /** A second site on its own host name; the app routes to it at once. */
  addSite(slug: string, name: string, host: string): Promise<number>;
  close(): Promise<void>;
}

/** A real Gongkai app on a fresh, migrated database of the given kind. */
export async function startTestApp(kind: DatabaseKind, env: Record<string, string> = {}): Promise<TestApp> {
  const database = await createTestDatabase(kind);
  let gk: Gongkai;
  try {
    gk = await createGongkai(loadConfig({ ...baseEnv, ...env }), { database, withJobs: false });
  } catch (error) {
    await database.close();
    throw error;
  }
  const siteId = gk.services.sites.defaultSite()!.id;

  const addStaff: TestApp['addStaff'] = async (username, roles, options = {}) => {
    const site = options.siteId ?? siteId;
    const outcome = await createStaffUser(
      database,
      site,
      {
        name: `测试${username}`,
        username,
        email: options.email ?? null,
        roles,
        departmentId: null,
        password: options.password ?? TEST_PASSWORD,
        isPlatformAdmin: options.platformAdmin ?? false,
      },
      systemActor(site),
    );
    if (!outcome.ok) throw new Error(`staff ${username}: ${JSON.stringify(outcome.errors)}`);
    return outcome.value;
  };

  const addCitizen: TestApp['addCitizen'] = async (email, options = {}) => {
    const password = options.password ?? TEST_PASSWORD;
    const input = registerSchema.parse({ kind: 'person', name: options.name ?? '测试市民', contact: email, password, passwordConfirm: password, agree: 'on' });
    const outcome = await registerPublicAccount(database, input, '127.0.0.1');
    if (!outcome.ok) throw new Error(`citizen ${email}: ${JSON.stringify(outcome.errors)}`);
    return outcome.value;
  };

  const client = (options?: ClientOptions) => new Client(gk.app, options);

  return {
    kind,
    gk,
    database,
    siteId,
    client,
    addStaff,
    async staffClient(username, roles, options = {}) {
      await addStaff(username, roles, options);
      const c = client({ host: options.host });
      const reply = await c.loginStaff(username, TEST_PASSWORD);
      if (reply.status !== 303 || !c.signedIn()) throw new Error(`staff login ${username} failed: ${reply.status}`);
      return c;
    },
    addCitizen,
    async citizenClient(email) {
      await addCitizen(email);
      const c = client();
      const reply = await c.loginPublic(email, TEST_PASSWORD);
      if (reply.status !== 303 || !c.signedIn()) throw new Error(`citizen login ${email} failed: ${reply.status}`);
      return c;
    },
    async addSite(slug, name, host) {
      const outcome = await addSite(
        database,
        { slug, name, hosts: host, footer: { sponsor: name, siteCode: '3100000001', icp: '沪ICP备00000001号', psb: '沪公网安备00000000000001号', phone: '021-00000001', address: '上海市', email: '' } },
        systemActor(null),
      );
      if (!outcome.ok) throw new Error(`site ${slug}: ${JSON.stringify(outcome.errors)}`);
      await gk.services.sites.refresh();
      return outcome.value;
    },
    async close() {
      await gk.close();
    },
  };
}
