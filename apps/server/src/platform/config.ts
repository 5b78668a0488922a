import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseAllowList } from './outbound-policy.ts';

/** Everything loopcx reads from the environment, in one place (see the README's configuration table). */
export interface Config {
  port: number;
  host: string;
  /** Public base URL used in survey links and QR codes. */
  publicUrl: string;
  /** PostgreSQL server URL; when absent loopcx runs on embedded PGlite in `dataDir`. */
  databaseUrl?: string;
  /** `DATABASE_POOL_SIZE`: connections this process opens for general work (default 20; plus 4 for the short lane). */
  databasePoolSize: number;
  /**
   * `DATABASE_DIRECT_URL`: a direct connection to the primary for LISTEN (the bus) and session-level advisory locks
   * (migrations), when DATABASE_URL goes through PgBouncer in transaction mode. Default: DATABASE_URL.
   */
  databaseDirectUrl?: string;
  /**
   * `DATABASE_READ_URL`: a streaming replica for dashboards and reports (docs/deploy.md states the staleness bound).
   * Default: DATABASE_URL.
   */
  databaseReadUrl?: string;
  /**
   * Where the built respondent page is (`npm run build` writes apps/survey/dist). Not read from the environment:
   * tests point it at a stand-in shell so the server's page routes are tested without a build.
   */
  surveyDist: string;
  /**
   * `LOOPCX_RATE_LIMIT_KEY` / `LOOPCX_RATE_LIMIT_IP`: requests per window (`LOOPCX_RATE_LIMIT_WINDOW_MS`, default
   * 1 s) one API key may send (default 2000: a POS fleet on one key), and one client address may send to the public
   * endpoints (default 100). 0 turns it off. Counted in the database, shared by every node (platform/rate-limit.ts).
   */
  rateLimitKey: number;
  rateLimitIp: number;
  /**
   * `LOOPCX_SDK_KEY_RATE`: events per second one public SDK write key may send to POST /sdk/v1/events (default
   * 1000), counted cluster-wide like the other limits; 0 turns it off.
   */
  sdkKeyRate: number;
  /**
   * `LOOPCX_SDK_FEEDBACK_IP_RATE`: 吐槽 complaints per minute one client address may file through POST
   * /sdk/v1/feedback (default 10; a form, not a firehose), on top of the key's budget; 0 turns it off.
   */
  sdkFeedbackIpRate: number;
  /**
   * `REDIS_URL` (e.g. `redis://127.0.0.1:6379`): the HTTP rate-limit counters live in Redis instead of PostgreSQL
   * (one INCR per request off the primary; every node must use the same Redis). Unset: PostgreSQL.
   */
  redisUrl?: string;
  rateLimitWindowMs: number;
  /**
   * `LOOPCX_FILE_STORE`: where generated files (exports) live so every node reads them — `db` (default: chunks in
   * PostgreSQL / PGlite) or `dir` (the shared folder `LOOPCX_FILE_DIR`, e.g. an NFS mount every node has).
   */
  fileStore: 'db' | 'dir';
  fileDir?: string;
  dataDir: string;
  /** HMAC secret for survey tokens and webhook signatures; generated once into the data dir when not set. */
  secret: string;
  demoPassword?: string;
  logLevel: string;
  /** Maximum JSON body in bytes (413 above). */
  bodyLimit: number;
  /** SMTP server for alert emails (`smtp://user:pass@host:587`, `smtps://…`); without it emails stay in the outbox. */
  smtpUrl?: string;
  /** Sender of alert emails. */
  mailFrom: string;
  seedDemo: boolean;
  /**
   * `LOOPCX_OUTBOUND_ALLOW`: CIDRs, addresses and host names outbound HTTP (webhooks) may reach although they are
   * loopback, private, link-local or otherwise not public (platform/outbound.ts refuses those by default).
   */
  outboundAllow: string[];
  /**
   * `LOOPCX_QUERY_TIMEOUT_MS`: the longest a request's statement may take (PostgreSQL: statement_timeout) or wait
   * for the embedded database's one connection (PGlite); past it the request answers 503. 0 = no limit.
   */
  queryTimeoutMs: number;
  /** `LOOPCX_JOB_QUERY_TIMEOUT_MS`: the same for background jobs and scheduled tasks (PostgreSQL only). */
  jobQueryTimeoutMs: number;
  /**
   * `LOOPCX_TRUST_PROXY`: the reverse proxies whose `X-Forwarded-For`/`-Proto`/`-Host` are believed — addresses and
   * CIDRs (or `loopback`, `linklocal`, `uniquelocal`), or a hop count. Unset: no proxy is trusted, the socket's
   * peer is the client.
   */
  trustProxy?: string[] | number;
  /** `LOOPCX_AUDIT_RETENTION_DAYS`: audit entries older than this are purged daily; 0 keeps them forever. */
  auditRetentionDays: number;
  /**
   * `LOOPCX_EXPORT_RETENTION_DAYS`: a finished response export's file is deleted this many days after it was
   * written (default 7; the export then answers 410 and can be run again); 0 keeps them forever.
   */
  exportRetentionDays: number;
  /**
   * `LOOPCX_EXPORT_DIR`: the only folder (a mounted share) scheduled exports may write into; a schedule names a
   * folder below it. Unset: directory destinations are refused.
   */
  exportDir?: string;
  /**
   * `LOOPCX_JOB_LEASE_SECONDS`: a claimed job's lease (default 60), renewed every third of it while its handler
   * runs; a dead worker's jobs are claimed again this long after it died.
   */
  jobLeaseSeconds: number;
  /** `LOOPCX_EXPORT_LEASE_SECONDS`: how long a dead node's export run blocks a retry (renewed while alive; default 60). */
  exportLeaseSeconds: number;
  /**
   * `LOOPCX_BUS_URL`: `nats://host:4222` carries events across nodes through NATS instead of PostgreSQL's
   * LISTEN/NOTIFY (platform/bus-nats.ts). Unset: PostgreSQL when DATABASE_URL is set, in process otherwise.
   */
  busUrl?: string;
}

function loadSecret(dataDir: string): string {
  if (process.env.LOOPCX_SECRET) return process.env.LOOPCX_SECRET;
  const file = join(dataDir, 'secret.key');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(dataDir, { recursive: true });
  const secret = randomBytes(32).toString('hex');
  writeFileSync(file, secret, { mode: 0o600 });
  return secret;
}

/** Where `npm run build` writes the respondent page (the config's default `surveyDist`). */
export const builtSurveyDist = fileURLToPath(new URL('../../../survey/dist', import.meta.url));

/** Reads the configuration; `overrides` lets tests and the CLI pin values without touching process.env. */
export function loadConfig(overrides: Partial<Config> = {}): Config {
  const env = process.env;
  const dataDir = resolve(overrides.dataDir ?? env.LOOPCX_DATA_DIR ?? './data');
  const port = Number(env.PORT ?? 3000);
  return {
    port,
    host: env.HOST ?? '0.0.0.0',
    publicUrl: (env.LOOPCX_PUBLIC_URL ?? `http://localhost:${port}`).replace(/\/$/, ''),
    databaseUrl: env.DATABASE_URL || undefined,
    databasePoolSize: wholeNumber('DATABASE_POOL_SIZE', env.DATABASE_POOL_SIZE, 20, 1),
    databaseDirectUrl: env.DATABASE_DIRECT_URL || undefined,
    databaseReadUrl: env.DATABASE_READ_URL || undefined,
    redisUrl: env.REDIS_URL || undefined,
    rateLimitKey: wholeNumber('LOOPCX_RATE_LIMIT_KEY', env.LOOPCX_RATE_LIMIT_KEY, 2000, 0),
    rateLimitIp: wholeNumber('LOOPCX_RATE_LIMIT_IP', env.LOOPCX_RATE_LIMIT_IP, 100, 0),
    sdkKeyRate: wholeNumber('LOOPCX_SDK_KEY_RATE', env.LOOPCX_SDK_KEY_RATE, 1000, 0),
    sdkFeedbackIpRate: wholeNumber('LOOPCX_SDK_FEEDBACK_IP_RATE', env.LOOPCX_SDK_FEEDBACK_IP_RATE, 10, 0),
    rateLimitWindowMs: wholeNumber('LOOPCX_RATE_LIMIT_WINDOW_MS', env.LOOPCX_RATE_LIMIT_WINDOW_MS, 1000, 100),
    fileStore: fileStoreFrom(env.LOOPCX_FILE_STORE, env.LOOPCX_FILE_DIR),
    fileDir: env.LOOPCX_FILE_DIR ? resolve(env.LOOPCX_FILE_DIR) : undefined,
    dataDir,
    secret: overrides.secret ?? loadSecret(dataDir),
    demoPassword: env.LOOPCX_DEMO_PASSWORD || undefined,
    logLevel: env.LOG_LEVEL ?? 'info',
    bodyLimit: Number(env.LOOPCX_BODY_LIMIT ?? 1024 * 1024),
    smtpUrl: env.SMTP_URL || undefined,
    mailFrom: env.LOOPCX_MAIL_FROM || 'loopcx <no-reply@localhost>',
    seedDemo: env.LOOPCX_SEED_DEMO !== 'false',
    outboundAllow: outboundAllowFrom(env.LOOPCX_OUTBOUND_ALLOW),
    queryTimeoutMs: millis('LOOPCX_QUERY_TIMEOUT_MS', env.LOOPCX_QUERY_TIMEOUT_MS, 10_000),
    jobQueryTimeoutMs: millis('LOOPCX_JOB_QUERY_TIMEOUT_MS', env.LOOPCX_JOB_QUERY_TIMEOUT_MS, 300_000),
    trustProxy: parseTrustProxy(env.LOOPCX_TRUST_PROXY),
    auditRetentionDays: retentionDaysFrom('LOOPCX_AUDIT_RETENTION_DAYS', env.LOOPCX_AUDIT_RETENTION_DAYS, 365),
    exportRetentionDays: retentionDaysFrom('LOOPCX_EXPORT_RETENTION_DAYS', env.LOOPCX_EXPORT_RETENTION_DAYS, 7),
    exportDir: env.LOOPCX_EXPORT_DIR ? resolve(env.LOOPCX_EXPORT_DIR) : undefined,
    jobLeaseSeconds: wholeNumber('LOOPCX_JOB_LEASE_SECONDS', env.LOOPCX_JOB_LEASE_SECONDS, 60, 1),
    exportLeaseSeconds: Math.max(1, Number(env.LOOPCX_EXPORT_LEASE_SECONDS) || 60),
    busUrl: env.LOOPCX_BUS_URL || undefined,
    surveyDist: builtSurveyDist,
    ...overrides,
  };
}

/** A whole number ≥ min from the environment; a typo stops the server at start. */
function wholeNumber(name: string, value: string | undefined, fallback: number, min: number): number {
  if (value === undefined || value.trim() === '') return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min) throw new Error(`${name} must be a whole number ≥ ${min}, not ${value}`);
  return n;
}

/** `db` unless `dir` is asked for, which needs the shared folder. */
function fileStoreFrom(value: string | undefined, dir: string | undefined): 'db' | 'dir' {
  const v = (value ?? 'db').trim() || 'db';
  if (v !== 'db' && v !== 'dir') throw new Error(`LOOPCX_FILE_STORE must be db or dir, not ${value}`);
  if (v === 'dir' && !dir) throw new Error('LOOPCX_FILE_STORE=dir needs LOOPCX_FILE_DIR (a folder every node mounts)');
  return v;
}

/** A duration in ms from the environment (0 = none); a typo stops the server at start rather than meaning "none". */
function millis(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined || value.trim() === '') return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new Error(`${name} must be a whole number of milliseconds (0 = no limit)`);
  return n;
}

/**
 * Whether a base URL points at the machine it is opened on (localhost, *.localhost, 127.0.0.0/8, ::1, or the
 * unspecified 0.0.0.0/::): links built on it work in the browser next to the server and nowhere else.
 */
export function isLocalUrl(url: string): boolean {
  let host: string;
  try {
    host = new URL(url).hostname.toLowerCase().replace(/^\[|\]$/g, '');
  } catch {
    return false;
  }
  return (
    host === 'localhost' ||
    host.endsWith('.localhost') ||
    /^127\.\d+\.\d+\.\d+$/.test(host) ||
    host === '0.0.0.0' ||
    host === '::1' ||
    host === '::'
  );
}

/** Splits the comma-separated list and parses it once here, so a typo stops the server at start. */
function outboundAllowFrom(value: string | undefined): string[] {
  const entries = (value ?? '')
    .split(',')
    .map((e) => e.trim())
    .filter(Boolean);
  parseAllowList(entries);
  return entries;
}

const PROXY_NAMES = new Set(['loopback', 'linklocal', 'uniquelocal']);

/**
 * Parses `LOOPCX_TRUST_PROXY`: a hop count (`1`: the nearest proxy, whatever its address) or a comma-separated
 * list of addresses, CIDRs and proxy-addr's names. `true`/`*` are refused: trusting every peer lets any client
 * forge its address and protocol. A typo stops the server at start.
 */
export function parseTrustProxy(value: string | undefined): string[] | number | undefined {
  const text = (value ?? '').trim();
  if (!text) return undefined;
  if (/^\d+$/.test(text)) {
    const hops = Number(text);
    if (hops < 1 || hops > 10) throw new Error(`LOOPCX_TRUST_PROXY: a hop count is 1–10, got ${text}`);
    return hops;
  }
  const entries = text
    .split(',')
    .map((e) => e.trim())
    .filter(Boolean);
  for (const e of entries) {
    if (PROXY_NAMES.has(e)) continue;
    const [addr, bits, ...rest] = e.split('/');
    const family = isIP(addr);
    const max = family === 4 ? 32 : 128;
    const okBits = bits === undefined || (/^\d+$/.test(bits) && Number(bits) <= max);
    if (!family || !okBits || rest.length)
      throw new Error(
        `LOOPCX_TRUST_PROXY: "${e}" is not an address, a CIDR, a hop count or loopback/linklocal/uniquelocal`,
      );
  }
  return entries;
}

/** A whole number of days ≥ 0 (0 = keep forever); anything else stops the server at start rather than purging wrongly. */
function retentionDaysFrom(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined || value.trim() === '') return fallback;
  const days = Number(value);
  if (!Number.isInteger(days) || days < 0) {
    throw new Error(`${name} must be a whole number of days (0 keeps them forever), not ${value}`);
  }
  return days;
}
