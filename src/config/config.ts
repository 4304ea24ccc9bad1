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
  MAIL_RATE_PER_SECOND: z.coerce.number().int().min(1).max(10_000).default(20),
  SMS_PROVIDER: z.enum(['log', 'aliyun']).default('log'),
  SMS_ACCESS_KEY_ID: z.string().min(1).optional(),
  SMS_ACCESS_KEY_SECRET: z.string().min(1).optional(),
  SMS_SIGN_NAME: z.string().min(1).max(20).optional(),
  SMS_TEMPLATE_CODE: z.string().min(1).max(40).optional(),
  // Tests point the adapter at a local server; production leaves the provider's own endpoint.
  SMS_ENDPOINT: z.url('须为完整网址').optional(),
  SMS_DAILY_CAP: z.coerce.number().int().min(0).max(100).default(3),
  SMS_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(10_000),
  SMS_RATE_PER_SECOND: z.coerce.number().int().min(1).max(10_000).default(10),
  WEBHOOK_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(10_000),
  WEBHOOK_MAX_FAILURES: z.coerce.number().int().min(1).max(1000).default(10),
  WEBHOOK_RATE_PER_SECOND: z.coerce.number().int().min(1).max(10_000).default(20),
  // Webhooks to private / loopback addresses would let anyone who registers one probe the intranet.
  WEBHOOK_ALLOW_PRIVATE: z.enum(['true', 'false', '1', '0']).default('false'),
  OIDC_ISSUER: z.url('须为完整网址').optional(),
  OIDC_CLIENT_ID: z.string().min(1).optional(),
  OIDC_CLIENT_SECRET: z.string().min(1).optional(),
  OIDC_DISPLAY_NAME: z.string().min(1).default('统一身份认证'),
  JOBS: z.enum(['embedded', 'off']).default('embedded'),
  // The delivery engine (subscriptions and push): batch sizes, retries and the sending lease.
  // Unset: defaultMatchBatch for the database.
  DELIVERY_MATCH_BATCH: z.coerce.number().int().min(100).max(100_000).optional(),
  DELIVERY_INBOX_BATCH: z.coerce.number().int().min(100).max(100_000).default(20_000),
  DELIVERY_SEND_BATCH: z.coerce.number().int().min(1).max(1000).default(50),
  DELIVERY_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(50).default(6),
  DELIVERY_BACKOFF_SECONDS: z.coerce.number().int().min(1).max(86_400).default(60),
  DELIVERY_LEASE_SECONDS: z.coerce.number().int().min(10).max(86_400).default(300),
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
  mail: { smtpUrl: string | undefined; from: string; ratePerSecond: number };
  sms: {
    provider: 'log' | 'aliyun';
    accessKeyId: string | undefined;
    accessKeySecret: string | undefined;
    signName: string | undefined;
    templateCode: string | undefined;
    endpoint: string | undefined;
    dailyCap: number;
    timeoutMs: number;
    ratePerSecond: number;
  };
  webhooks: { timeoutMs: number; maxFailures: number; ratePerSecond: number; allowPrivate: boolean };
  oidc: { issuer: string; clientId: string; clientSecret: string | undefined; displayName: string } | undefined;
  jobs: 'embedded' | 'off';
  delivery: { matchBatch: number; inboxBatch: number; sendBatch: number; maxAttempts: number; backoffSeconds: number; leaseSeconds: number };
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
  if (env.SMS_PROVIDER === 'aliyun') {
    const missing = (['SMS_ACCESS_KEY_ID', 'SMS_ACCESS_KEY_SECRET', 'SMS_SIGN_NAME', 'SMS_TEMPLATE_CODE'] as const).filter((k) => !env[k]);
    if (missing.length) throw new ConfigError(missing.map((k) => `${k}: SMS_PROVIDER=aliyun 时必须设置`));
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
    mail: { smtpUrl: env.SMTP_URL, from: env.MAIL_FROM, ratePerSecond: env.MAIL_RATE_PER_SECOND },
    sms: {
      provider: env.SMS_PROVIDER, accessKeyId: env.SMS_ACCESS_KEY_ID, accessKeySecret: env.SMS_ACCESS_KEY_SECRET, signName: env.SMS_SIGN_NAME,
      templateCode: env.SMS_TEMPLATE_CODE, endpoint: env.SMS_ENDPOINT, dailyCap: env.SMS_DAILY_CAP, timeoutMs: env.SMS_TIMEOUT_MS, ratePerSecond: env.SMS_RATE_PER_SECOND,
    },
    webhooks: {
      timeoutMs: env.WEBHOOK_TIMEOUT_MS, maxFailures: env.WEBHOOK_MAX_FAILURES, ratePerSecond: env.WEBHOOK_RATE_PER_SECOND,
      allowPrivate: env.WEBHOOK_ALLOW_PRIVATE === 'true' || env.WEBHOOK_ALLOW_PRIVATE === '1',
    },
    oidc:
      env.OIDC_ISSUER && env.OIDC_CLIENT_ID
        ? { issuer: env.OIDC_ISSUER, clientId: env.OIDC_CLIENT_ID, clientSecret: env.OIDC_CLIENT_SECRET, displayName: env.OIDC_DISPLAY_NAME }
        : undefined,
    jobs: env.JOBS,
    delivery: {
      matchBatch: env.DELIVERY_MATCH_BATCH ?? defaultMatchBatch(env.DATABASE_URL.startsWith('sqlite:') ? 'sqlite' : 'postgres'),
      inboxBatch: env.DELIVERY_INBOX_BATCH,
      sendBatch: env.DELIVERY_SEND_BATCH,
      maxAttempts: env.DELIVERY_MAX_ATTEMPTS,
      backoffSeconds: env.DELIVERY_BACKOFF_SECONDS,
      leaseSeconds: env.DELIVERY_LEASE_SECONDS,
    },
    logLevel: env.LOG_LEVEL,
    cookieSecure: env.COOKIE_SECURE,
    trustProxy: env.TRUST_PROXY === 'true' ? true : env.TRUST_PROXY === 'false' ? false : env.TRUST_PROXY,
  };
}

function sqliteFile(url: string): string {
  const path = url.slice('sqlite:'.length);
  return path === ':memory:' ? path : resolve(path || './data/gongkai.db');
}

/**
 * Subscriptions matched per transaction when DELIVERY_MATCH_BATCH is unset: PostgreSQL has no
 * global write lock and fewer, larger batches fan out faster (1,000,000 inboxes: 58 s at 10,000,
 * 48 s at 50,000, bench/README.md); SQLite's one writer would keep web requests waiting behind a
 * long batch.
 */
export function defaultMatchBatch(kind: 'sqlite' | 'postgres'): number {
  return kind === 'sqlite' ? 10_000 : 50_000;
}
