import type { Actor } from './auth.ts';
import { type Executor, sql } from './db.ts';

/**
 * The audit log: who did what to which object, when, from where, with what it looked like before and after.
 * Commands call `audit()` inside their transaction (so an entry exists exactly when the change does); the HTTP
 * layer (`audit-routes.ts`) writes an entry for every admin write that did not, and for every refused one, so a new
 * route is covered without anyone remembering to. Nothing here may hold a secret: `redact` runs on every value.
 */

/** Set on a request's actor once a command wrote an entry, so the HTTP fallback does not write a second one. */
export const AUDITED = Symbol('audited');

/** Where a request came from, copied onto the actor by `authenticate`. */
export interface RequestOrigin {
  ip?: string;
  userAgent?: string;
  requestId?: string;
}

/** Who an entry is about when there is no authenticated actor (a login attempt). */
export interface AuditWho extends RequestOrigin {
  tenantId: string;
  kind: 'user' | 'apiKey' | 'anonymous';
  id: string | null;
  label?: string | null;
}

export interface AuditEntry {
  action: string;
  targetType: string;
  targetId?: string | null;
  before?: unknown;
  after?: unknown;
  outcome?: 'success' | 'failure';
  status?: number;
  /** When it happened; now by default (the demo tenant writes a history). */
  at?: Date;
}

// Field names whose values are credentials. `key` alone is too common a word (survey element keys, idempotency
// keys are not secrets); API keys are also caught by their `lcx_` prefix below.
const SECRET_FIELD =
  /pass(word|wd|phrase)?$|^current$|secret|token|credential|hash|authorization|cookie|private|api_?key|signing/i;
const SECRET_VALUE = /^lcx_[A-Za-z0-9_-]{16,}$/;
const MAX_DEPTH = 8;
const MAX_STRING = 2000;
const MAX_ITEMS = 200;
const MAX_KEYS = 200;

/** A copy of `value` safe to store and show: secret fields as `***`, long strings and lists cut, depth bounded. */
export function redact(value: unknown, depth = 0): unknown {
  if (value === null || value === undefined) return value ?? null;
  if (typeof value === 'string') {
    if (SECRET_VALUE.test(value)) return '***';
    // PostgreSQL's jsonb cannot hold U+0000: a hostile body with one must still be recorded (as U+FFFD).
    const text = value.replaceAll('\u0000', '\uFFFD');
    return text.length > MAX_STRING ? `${text.slice(0, MAX_STRING)}… (${text.length} characters)` : text;
  }
  if (typeof value !== 'object') return typeof value === 'bigint' ? String(value) : value;
  if (value instanceof Date) return value.toISOString();
  if (Buffer.isBuffer(value) || value instanceof Uint8Array) return `(${value.byteLength} bytes)`;
  if (depth >= MAX_DEPTH) return '…';
  if (Array.isArray(value)) {
    const items = value.slice(0, MAX_ITEMS).map((v) => redact(v, depth + 1));
    if (value.length > MAX_ITEMS) items.push(`… ${value.length - MAX_ITEMS} more`);
    return items;
  }
  const out: Record<string, unknown> = {};
  let n = 0;
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    if (v === undefined) continue;
    if (++n > MAX_KEYS) {
      out['…'] = 'more fields';
      break;
    }
    // A flag such as `clientSecretChanged: true` says nothing secret; any other value of a secret field is masked.
    out[k.replaceAll('\u0000', '\uFFFD')] =
      SECRET_FIELD.test(k) && v !== null && v !== '' && typeof v !== 'boolean' ? '***' : redact(v, depth + 1);
  }
  return out;
}

const cut = (s: string | undefined, n: number) => (s ? s.slice(0, n) : null);
const json = (v: unknown) => (v === undefined ? null : JSON.stringify(redact(v)));

/** Writes one entry (redacted). Use `audit()` from commands; this form is for logins and the HTTP fallback. */
export async function recordAudit(ex: Executor, who: AuditWho, e: AuditEntry): Promise<void> {
  await ex.execute(
    sql`INSERT INTO audit_log (tenant_id, actor_id, actor_kind, actor_label, action, target_type, target_id,
          before, after, outcome, status, ip, user_agent, request_id, at)
        VALUES (${who.tenantId}, ${who.id}, ${who.kind}, ${cut(who.label ?? undefined, 254)}, ${e.action},
          ${e.targetType}, ${e.targetId ?? null}, ${json(e.before)}::jsonb, ${json(e.after)}::jsonb,
          ${e.outcome ?? 'success'}, ${e.status ?? null}, ${cut(who.ip, 64)}, ${cut(who.userAgent, 400)},
          ${cut(who.requestId, 64)}, ${(e.at ?? new Date()).toISOString()})`,
  );
}

/** The audit identity of an authenticated actor, with where its request came from. */
export function whoOf(actor: Actor): AuditWho {
  // An external inspector is no user of the tenant: the log names them (the label) without an actor id.
  if (actor.kind === 'external')
    return {
      tenantId: actor.tenantId,
      kind: 'anonymous',
      id: null,
      label: actor.name ?? null,
      ip: actor.origin?.ip,
      userAgent: actor.origin?.userAgent,
      requestId: actor.origin?.requestId,
    };
  return {
    tenantId: actor.tenantId,
    kind: actor.kind,
    id: actor.id,
    label: actor.kind === 'user' ? (actor.email ?? null) : (actor.name ?? null),
    ip: actor.origin?.ip,
    userAgent: actor.origin?.userAgent,
    requestId: actor.origin?.requestId,
  };
}

/**
 * Records who changed what, in the same transaction as the change. `after` is what was written (or the fields
 * given), `before` what the object held; both are redacted.
 */
export async function audit(
  ex: Executor,
  actor: Actor,
  action: string,
  targetType: string,
  targetId: string | null,
  after?: unknown,
  before?: unknown,
): Promise<void> {
  await recordAudit(ex, whoOf(actor), { action, targetType, targetId, after, before });
  (actor as Actor & { [AUDITED]?: boolean })[AUDITED] = true;
}
