import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseAllowList } from './outbound-policy.ts';

/** Everything loopcx reads from the environment, in one place (see the README's configuration table). */
export interface Config {
  port: number;
  host: string;
  /** Public base URL used in survey links and QR codes. */
  publicUrl: string;
  /** PostgreSQL server URL; when absent loopcx runs on embedded PGlite in `dataDir`. */
  databaseUrl?: string;
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
    dataDir,
    secret: overrides.secret ?? loadSecret(dataDir),
    demoPassword: env.LOOPCX_DEMO_PASSWORD || undefined,
    logLevel: env.LOG_LEVEL ?? 'info',
    bodyLimit: Number(env.LOOPCX_BODY_LIMIT ?? 1024 * 1024),
    smtpUrl: env.SMTP_URL || undefined,
    mailFrom: env.LOOPCX_MAIL_FROM || 'loopcx <no-reply@localhost>',
    seedDemo: env.LOOPCX_SEED_DEMO !== 'false',
    outboundAllow: outboundAllowFrom(env.LOOPCX_OUTBOUND_ALLOW),
    ...overrides,
  };
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
