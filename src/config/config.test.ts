import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.js';

/** The problems a ConfigError lists, or [] when the configuration loads. */
function problems(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
    return [];
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
}

describe('configuration from the environment', () => {
  it('starts with nothing set: SQLite under ./data, port 3000, jobs in-process', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      env: 'development',
      port: 3000,
      host: '0.0.0.0',
      database: { kind: 'sqlite', file: resolve('./data/gongkai.db') },
      session: { idleMinutes: 30, maxHours: 12 },
      login: { maxFailures: 5, lockMinutes: 15 },
      rateLimit: { perMinute: 300, authPerMinute: 20 },
      mail: { smtpUrl: undefined },
      oidc: undefined,
      jobs: 'embedded',
      cookieSecure: 'auto',
      trustProxy: 'loopback,linklocal,uniquelocal',
    });
  });

  it('reads numbers, URLs and choices from strings', () => {
    const config = loadConfig({
      PORT: '8080', DATABASE_URL: 'postgres://gk@db:5432/gongkai', SESSION_IDLE_MINUTES: '1', LOGIN_MAX_FAILURES: '3',
      SMTP_URL: 'smtp://mail.example:25', JOBS: 'off', COOKIE_SECURE: 'always', TRUST_PROXY: '10.0.0.0/8, 192.168.1.1',
    });
    expect(config).toMatchObject({
      port: 8080, database: { kind: 'postgres', url: 'postgres://gk@db:5432/gongkai' }, session: { idleMinutes: 1 }, login: { maxFailures: 3 },
      mail: { smtpUrl: 'smtp://mail.example:25' }, jobs: 'off', cookieSecure: 'always', trustProxy: '10.0.0.0/8, 192.168.1.1',
    });
  });

  it('treats an empty variable as unset', () => {
    expect(loadConfig({ PORT: '', SMTP_URL: '' })).toMatchObject({ port: 3000, mail: { smtpUrl: undefined } });
  });

  it('resolves sqlite paths, and keeps :memory: as is', () => {
    expect(loadConfig({ DATABASE_URL: 'sqlite:/tmp/x/gk.db' }).database).toEqual({ kind: 'sqlite', file: '/tmp/x/gk.db' });
    expect(loadConfig({ DATABASE_URL: 'sqlite::memory:' }).database).toEqual({ kind: 'sqlite', file: ':memory:' });
  });

  it('names every bad variable at once, with its value, in Chinese', () => {
    const found = problems({ PORT: 'abc', DATABASE_URL: 'mysql://x', SMTP_URL: 'http://mail', SESSION_SECRET: 'short' });
    expect(found).toHaveLength(4);
    expect(found.find((p) => p.startsWith('PORT:'))).toContain('（当前值: "abc"）');
    expect(found).toContainEqual(expect.stringContaining('DATABASE_URL: 须以 sqlite: 或 postgres:// 开头'));
    expect(found).toContainEqual(expect.stringContaining('SMTP_URL: 须以 smtp:// 或 smtps:// 开头'));
    expect(found).toContainEqual(expect.stringContaining('SESSION_SECRET: 至少 32 个字符'));
    expect(new ConfigError(found).message).toMatch(/^配置有误/);
  });

  it('refuses out-of-range numbers', () => {
    for (const [key, value] of [['PORT', '70000'], ['PORT', '0'], ['SESSION_IDLE_MINUTES', '0'], ['LOGIN_MAX_FAILURES', '1.5'], ['RATE_LIMIT_PER_MINUTE', '-1']]) {
      expect(problems({ [key!]: value! }), `${key}=${value}`).toEqual([expect.stringMatching(new RegExp(`^${key}:`))]);
    }
  });

  it('refuses unknown choices', () => {
    expect(problems({ JOBS: 'sometimes' })).toEqual([expect.stringMatching(/^JOBS:/)]);
    expect(problems({ COOKIE_SECURE: 'yes' })).toEqual([expect.stringMatching(/^COOKIE_SECURE:/)]);
    expect(problems({ LOG_LEVEL: 'loud' })).toEqual([expect.stringMatching(/^LOG_LEVEL:/)]);
  });

  it('accepts proxy lists of addresses, networks and names, and true/false; refuses anything else', () => {
    expect(loadConfig({ TRUST_PROXY: 'true' }).trustProxy).toBe(true);
    expect(loadConfig({ TRUST_PROXY: 'false' }).trustProxy).toBe(false);
    expect(loadConfig({ TRUST_PROXY: 'loopback,::1,fd00::/8' }).trustProxy).toBe('loopback,::1,fd00::/8');
    for (const bad of ['yes', '10.0.0.0/33', '300.1.1.1', 'loopback/8', '1']) {
      expect(problems({ TRUST_PROXY: bad }), bad).toEqual([expect.stringMatching(/^TRUST_PROXY:/)]);
    }
  });

  it('needs both OIDC_ISSUER and OIDC_CLIENT_ID for single sign-on', () => {
    expect(problems({ OIDC_ISSUER: 'https://sso.example.gov.cn' })).toEqual(['OIDC_ISSUER 与 OIDC_CLIENT_ID 须同时设置以启用统一身份认证']);
    const config = loadConfig({ OIDC_ISSUER: 'https://sso.example.gov.cn', OIDC_CLIENT_ID: 'gongkai' });
    expect(config.oidc).toEqual({ issuer: 'https://sso.example.gov.cn', clientId: 'gongkai', clientSecret: undefined, displayName: '统一身份认证' });
  });

  it('insists on SESSION_SECRET in production', () => {
    expect(problems({ NODE_ENV: 'production' })).toEqual([expect.stringMatching(/^SESSION_SECRET: 生产环境必须设置/)]);
    expect(loadConfig({ NODE_ENV: 'production', SESSION_SECRET: 'x'.repeat(32) }).sessionSecret).toBe('x'.repeat(32));
  });

  it('lets explicit overrides win over the environment', () => {
    expect(loadConfig({ PORT: '8080' }, { PORT: 9090 }).port).toBe(9090);
  });
});
