import { it } from 'vitest';
import { loadConfig } from '../src/config/config.js';
import { createGongkai } from '../src/main.js';
import { createTestDatabase } from '../src/platform/db/testing.js';
it('prints', async () => {
  const database = await createTestDatabase('sqlite');
  const gk = await createGongkai(loadConfig({}, { LOG_LEVEL: 'silent' }), { database, withJobs: false });
  await gk.app.ready();
  console.log(gk.app.printRoutes({ commonPrefix: false }));
  console.log(gk.app.printRoutes({ commonPrefix: false, method: 'POST' }));
  await gk.close();
});
