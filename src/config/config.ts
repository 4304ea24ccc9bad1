import { isIP } from 'node:net';
import { resolve } from 'node:path';
import { z } from 'zod';

function validTrustProxy(value: string): boolean {
  if (value === 'true' || value === 'false') return true;
  return value.split(',').every((part) => {
    const [address = '', bits, ...rest] = part.trim().split('/');
    if (['loopback', 'linklocal', 'uniquelocal'].includes(address) && bits === undefined) return true;
    const family = isIP(address);
    if (!family || rest.length) return false;
    return bits === undefined || (/^\d{1,3}$/.test(bits) && Number(bits) <= (family === 4 ? 32 : 128));
  });
}

/** Every setting Gongkai reads from the environment, validated once at start-up. */
const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  HOST: z.string().min(1).default('0.0.0.0'),
  DATABASE_URL: z
    .string()
    .regex(/^(sqlite:|postgres:\/\/|postgresql:\/\/)/, '须以 sqlite: 或 postgres:// 开头')
    .default('sqlite:./data/gongkai.db'),
  REDIS_URL: z.string().regex(/^rediss?:\/\//, '须以 redis:// 或 rediss:// 开头').optional(),
  SESSION_SECRET: z.string().min(32, '至少 32 个字符').optional(),
  DATA_DIR: z.string().min(1).default('./data'),
  PUBLIC_URL: z.url('须为完整网址，如 https://ghzyj.example.gov.cn').optional(),
  SESSION_IDLE_MINUTES: z.coerce.number().int().min(1).max(24 * 60).default(30),
  SESSION_MAX_HOURS: z.coerce.number().int().min(1).max(24 * 30).default(12),
  LOGIN_MAX_FAILURES: z.coerce.number().int().min(1).max(100).default(5),
  LOGIN_LOCK_MINUTES: z.coerce.number().int().min(1).max(24 * 60).default(15),
  RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).default(300),
  AUTH_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).default(20),
  SMTP_URL: z.string().regex(/^smtps?:\/\//, '须以 smtp:// 或 smtps:// 开头').optional(),
  MAIL_FROM: z.string().min(3).default('公开平台 <noreply@localhost>'),
  OIDC_ISSUER: z.url('须为完整网址').optional(),
  OIDC_CLIENT_ID: z.string().min(1).optional(),
  OIDC_CLIENT_SECRET: z.string().min(1).optional(),
  OIDC_DISPLAY_NAME: z.string().min(1).default('统一身份认证'),
  JOBS: z.enum(['embedded', 'off']).default('embedded'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  COOKIE_SECURE: z.enum(['auto', 'always', 'never']).default('auto'),
  // Which peers may set X-Forwarded-For (the client address for rate limits and the audit log):
  // addresses/CIDRs or loopback, linklocal, uniquelocal; "true" trusts anyone, so any client could spoof it.
  TRUST_PROXY: z
    .string()
    .trim()
    .refine(validTrustProxy, '须为 true、false，或以逗号分隔的代理地址（如 127.0.0.1,10.0.0.0/8、loopback）')
    .default('loopback,linklocal,uniquelocal'),
});

export type Env = z.infer<typeof envSchema>;

export interface Config {
  env: Env['NODE_ENV'];
  port: number;
  host: string;
  database: { kind: 'sqlite'; file: string } | { kind: 'postgres'; url: string };
  redisUrl: string | undefined;
  sessionSecret: string | undefined;
  dataDir: string;
  publicUrl: string | undefined;
  session: { idleMinutes: number; maxHours: number };
  login: { maxFailures: number; lockMinutes: number };
  rateLimit: { perMinute: number; authPerMinute: number };
  mail: { smtpUrl: string | undefined; from: string };
  oidc: { issuer: string; clientId: string; clientSecret: string | undefined; displayName: string } | undefined;
  jobs: 'embedded' | 'off';
  logLevel: Env['LOG_LEVEL'];
  cookieSecure: Env['COOKIE_SECURE'];
  /** Fastify's trustProxy: which peers' X-Forwarded-* headers are believed. */
  trustProxy: boolean | string;
}

export class ConfigError extends Error {
  constructor(public readonly problems: string[]) {
    super(`配置有误 (configuration error):\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Reads and validates the configuration; throws ConfigError naming every bad variable. */
export function loadConfig(source: NodeJS.ProcessEnv = process.env, overrides: Partial<Env> = {}): Config {
  const raw: Record<string, unknown> = {};
  for (const key of Object.keys(envSchema.shape)) {
    const value = source[key];
    if (value !== undefined && value !== '') raw[key] = value;
  }
  const parsed = envSchema.safeParse({ ...raw, ...overrides });
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}（当前值: ${JSON.stringify(raw[String(issue.path[0])] ?? null)}）`),
    );
  }
  const env = parsed.data;
  const oidcParts = [env.OIDC_ISSUER, env.OIDC_CLIENT_ID];
  if (oidcParts.some(Boolean) && !oidcParts.every(Boolean)) {
    throw new ConfigError(['OIDC_ISSUER 与 OIDC_CLIENT_ID 须同时设置以启用统一身份认证']);
  }
  if (env.NODE_ENV === 'production' && !env.SESSION_SECRET) {
    throw new ConfigError(['SESSION_SECRET: 生产环境必须设置（至少 32 个字符）']);
  }
  const dataDir = resolve(env.DATA_DIR);
  return {
    env: env.NODE_ENV,
    port: env.PORT,
    host: env.HOST,
    database: env.DATABASE_URL.startsWith('sqlite:')
      ? { kind: 'sqlite', file: sqliteFile(env.DATABASE_URL) }
      : { kind: 'postgres', url: env.DATABASE_URL },
    redisUrl: env.REDIS_URL,
    sessionSecret: env.SESSION_SECRET,
    dataDir,
    publicUrl: env.PUBLIC_URL,
    session: { idleMinutes: env.SESSION_IDLE_MINUTES, maxHours: env.SESSION_MAX_HOURS },
    login: { maxFailures: env.LOGIN_MAX_FAILURES, lockMinutes: env.LOGIN_LOCK_MINUTES },
    rateLimit: { perMinute: env.RATE_LIMIT_PER_MINUTE, authPerMinute: env.AUTH_RATE_LIMIT_PER_MINUTE },
    mail: { smtpUrl: env.SMTP_URL, from: env.MAIL_FROM },
    oidc:
      env.OIDC_ISSUER && env.OIDC_CLIENT_ID
        ? { issuer: env.OIDC_ISSUER, clientId: env.OIDC_CLIENT_ID, clientSecret: env.OIDC_CLIENT_SECRET, displayName: env.OIDC_DISPLAY_NAME }
        : undefined,
    jobs: env.JOBS,
    logLevel: env.LOG_LEVEL,
    cookieSecure: env.COOKIE_SECURE,
    trustProxy: env.TRUST_PROXY === 'true' ? true : env.TRUST_PROXY === 'false' ? false : env.TRUST_PROXY,
  };
}

function sqliteFile(url: string): string {
  const path = url.slice('sqlite:'.length);
  return path === ':memory:' ? path : resolve(path || './data/gongkai.db');
}
