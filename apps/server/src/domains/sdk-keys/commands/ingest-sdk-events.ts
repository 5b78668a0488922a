import type { TSdkIngestResponse } from '@loopcx/shared';
import { z } from 'zod';
import type { Actor } from '../../../platform/auth.ts';
import type { AppContext } from '../../../platform/context.ts';
import { sql } from '../../../platform/db.ts';
import { AppError, type InvalidParam } from '../../../platform/errors.ts';
import { wakeWorkers } from '../../../platform/jobs.ts';
import { countUnits } from '../../../platform/rate-limit.ts';
import { inTransaction } from '../../../platform/routing.ts';
import { type PreparedEvent, prepareEvents } from '../../events/prepare.ts';
import { type EventWriteResult, publishCommitted, writeEvents } from '../../events/writer.ts';
import { afterEventsWritten } from '../../registry.ts';
import { customerErrors, sdkCustomerRef, ZAnonymousId, ZSdkCustomer } from '../customer.ts';
import type { PublicKey } from '../queries/key-lookup.ts';

/** Most events one SDK request may carry, and the body's size bound (64 KB). */
export const MAX_SDK_EVENTS = 50;
export const MAX_SDK_BODY = 64 * 1024;
const MAX_PROPERTIES_BYTES = 4096;
const PAST_MS = 7 * 24 * 3600_000;
const FUTURE_MS = 3600_000;

const str = (max: number) => z.string().max(max);

/** The body the SDK sends (docs: contract-sdk, "Public ingest"). Properties are flat: scalars only. */
export const ZSdkEventsBody = z
  .object({
    anonymousId: ZAnonymousId.optional(),
    customer: ZSdkCustomer.optional(),
    context: z
      .object({
        url: str(2000).optional(),
        referrer: str(2000).optional(),
        locale: str(35).optional(),
        appVersion: str(50).optional(),
        userAgent: str(500).optional(),
      })
      .strict()
      .optional(),
    events: z
      .array(
        z
          .object({
            id: z.uuid(),
            type: z.string().min(1).max(100),
            occurredAt: z.iso.datetime({ offset: true }),
            properties: z
              .record(
                z.string().min(1).max(64),
                z.union([z.string().max(2000), z.number().finite(), z.boolean(), z.null()]),
              )
              .optional(),
          })
          .strict(),
      )
      .min(1)
      .max(MAX_SDK_EVENTS),
  })
  .strict();
export type TSdkEventsBody = z.infer<typeof ZSdkEventsBody>;

/** `events.3.type` (how the event preparation names fields) → `events[3].type` (how the SDK contract names them). */
const sdkName = (path: Array<PropertyKey>) =>
  path.reduce<string>((s, p) => (typeof p === 'number' ? `${s}[${p}]` : s ? `${s}.${String(p)}` : String(p)), '');
const fromPrepared = (name: string) => name.replace(/^events\.(\d+)/, 'events[$1]');

const unprocessable = (errors: InvalidParam[]) =>
  new AppError('invalid', `${errors[0].name}: ${errors[0].reason}`, { invalidParams: errors.slice(0, 50) });

/** One request's prepared events waiting for the next group transaction. */
interface PendingWrite {
  items: PreparedEvent[];
  customerId?: string;
  tenantId: string;
  keyId: string;
  now: number;
  done: (results: EventWriteResult[]) => void;
  fail: (err: unknown) => void;
}

/** Most requests one group transaction takes (50 × ≤ 50 events). */
const GROUP_MAX = 50;
const queues = new WeakMap<AppContext, { pending: PendingWrite[]; running: boolean }>();

/**
 * Group commit: a request's events are written at once when no SDK transaction is running; requests that arrive
 * while one is running wait for it and are then written together in the next one (rows, rollups, listeners,
 * last-used), each answered with its own results. Nothing waits on a timer, so a lone request pays no latency;
 * under load, many small browser batches share one transaction (PGlite has one connection, and a transaction per
 * 10 events spent most of its time in BEGIN/COMMIT). A failed transaction fails every request in it (each is
 * retried by its SDK; the event ids keep the retry idempotent).
 */
function groupWrite(ctx: AppContext, w: Omit<PendingWrite, 'done' | 'fail'>): Promise<EventWriteResult[]> {
  let q = queues.get(ctx);
  if (!q) {
    q = { pending: [], running: false };
    queues.set(ctx, q);
  }
  const queue = q;
  return new Promise((done, fail) => {
    queue.pending.push({ ...w, done, fail });
    if (!queue.running) void drain(ctx, queue);
  });
}

async function drain(ctx: AppContext, q: { pending: PendingWrite[]; running: boolean }) {
  q.running = true;
  try {
    while (q.pending.length) {
      const group = q.pending.splice(0, GROUP_MAX);
      const all = group.flatMap((g) => g.items);
      try {
        let queued = false;
        const out = await inTransaction(ctx, async (tx) => {
          const results = await writeEvents(tx, all);
          let at = 0;
          for (const g of group) {
            const fresh = g.items.filter((_, j) => results[at + j].status === 'created');
            at += g.items.length;
            if (fresh.length && g.customerId)
              await tx.execute(
                sql`UPDATE events SET customer_id = ${g.customerId}
                    WHERE tenant_id = ${g.tenantId} AND id IN (${sql.join(
                      fresh.map((f) => sql`${f.id}`),
                      sql`, `,
                    )})`,
              );
          }
          queued = await afterEventsWritten(
            tx,
            all.filter((_, j) => results[j].status === 'created'),
          );
          for (const g of group) {
            if (g.now - (lastUsedWrites.get(g.keyId) ?? 0) < 60_000) continue;
            lastUsedWrites.set(g.keyId, g.now);
            await tx.execute(
              sql`UPDATE sdk_keys SET last_used_at = now()
                  WHERE tenant_id = ${g.tenantId} AND id = ${g.keyId} AND (last_used_at IS NULL OR last_used_at < now() - interval '1 minute')`,
            );
          }
          return results;
        });
        publishCommitted(ctx, all, out);
        if (queued) wakeWorkers(ctx);
        let at = 0;
        for (const g of group) {
          g.done(out.slice(at, at + g.items.length));
          at += g.items.length;
        }
      } catch (err) {
        for (const g of group) g.fail(err);
      }
    }
  } finally {
    q.running = false;
  }
}

/** When this node last wrote a key's last_used_at: at most once a minute per key and node. */
const lastUsedWrites = new Map<string, number>();

/**
 * Stores one SDK request's events for a key whose origin the route already checked: envelope and per-event checks
 * (type allowed by the key, time within 7 days back and 1 hour ahead, flat properties ≤ 4 KB) refuse the whole
 * request with 422 naming `events[i].field`; then the per-key event budget (429); then every event is prepared by
 * the events domain (declared type, its property schema) and written in one transaction with its listeners (shared with the requests that arrived meanwhile), keyed
 * `sdk|<keyId>|<event id>` so a resend stores nothing new.
 */
export async function ingestSdkEvents(ctx: AppContext, key: PublicKey, raw: unknown): Promise<TSdkIngestResponse> {
  const parsed = ZSdkEventsBody.safeParse(raw);
  if (!parsed.success)
    throw unprocessable(parsed.error.issues.map((i) => ({ name: sdkName(i.path) || 'body', reason: i.message })));
  const body = parsed.data;
  const now = ctx.clock.now().getTime();
  const errors: InvalidParam[] = [];
  body.events.forEach((e, i) => {
    if (!key.types.has(e.type))
      errors.push({ name: `events[${i}].type`, reason: `this key may not send ${e.type} events` });
    const t = Date.parse(e.occurredAt);
    if (t < now - PAST_MS) errors.push({ name: `events[${i}].occurredAt`, reason: 'more than 7 days ago' });
    else if (t > now + FUTURE_MS) errors.push({ name: `events[${i}].occurredAt`, reason: 'more than 1 hour ahead' });
    if (e.properties && JSON.stringify(e.properties).length > MAX_PROPERTIES_BYTES)
      errors.push({ name: `events[${i}].properties`, reason: `larger than ${MAX_PROPERTIES_BYTES} bytes` });
  });
  const c = body.customer;
  errors.push(...customerErrors(ctx, key.tenantId, c));
  if (errors.length) throw unprocessable(errors);

  if (ctx.config.sdkKeyRate) {
    const budget = await countUnits(ctx, `sdk:${key.id}`, body.events.length, ctx.config.sdkKeyRate);
    if (!budget.allowed)
      throw new AppError(
        'rate_limited',
        `More than ${ctx.config.sdkKeyRate} events a second with this SDK key; retry in ${Math.max(1, Math.ceil(budget.ttl / 1000))} s`,
        { extra: { retryAfter: Math.max(1, Math.ceil(budget.ttl / 1000)) } },
      );
  }

  const actor: Actor = {
    tenantId: key.tenantId,
    kind: 'apiKey',
    id: key.id,
    role: 'admin',
    orgUnitId: key.orgUnitId,
    orgPath: key.orgPath,
    scopes: [],
  };
  const { memberRef, customerId } = await sdkCustomerRef(ctx, key.tenantId, c);
  const extra: Record<string, string> = {};
  if (body.anonymousId) extra.$anonymousId = body.anonymousId;
  if (body.context?.url) extra.$url = body.context.url;
  if (body.context?.locale) extra.$locale = body.context.locale;
  if (body.context?.appVersion) extra.$appVersion = body.context.appVersion;
  const prepared = await prepareEvents(
    ctx,
    actor,
    body.events.map((e) => ({
      type: e.type,
      // A browser clock a little ahead is the browser's, not a lie: up to an hour ahead counts as now.
      occurredAt: Date.parse(e.occurredAt) > now ? new Date(now).toISOString() : e.occurredAt,
      orgUnitId: key.orgUnitId,
      ...(key.touchpointId ? { touchpointId: key.touchpointId } : {}),
      ...(memberRef ? { customer: memberRef } : {}),
      properties: e.properties ?? {},
      idempotencyKey: `sdk:${key.id}:${e.id}`,
    })),
    { prefix: 'events', source: 'sdk' },
  );
  const items: PreparedEvent[] = [];
  for (const p of prepared) {
    if ('errors' in p) errors.push(...p.errors.map((x) => ({ ...x, name: fromPrepared(x.name) })));
    else {
      // The contract's key; the SDK's context is kept beside the properties the type's schema checked.
      p.item.idempotencyKey = `sdk|${key.id}|${p.item.idempotencyKey!.split(':').pop()}`;
      p.item.properties = { ...p.item.properties, ...extra };
      items.push(p.item);
    }
  }
  if (errors.length) throw unprocessable(errors);

  const written = await groupWrite(ctx, { items, customerId, tenantId: key.tenantId, keyId: key.id, now });
  const created = written.filter((w) => w.status === 'created').length;
  return { accepted: created, duplicates: written.length - created };
}
