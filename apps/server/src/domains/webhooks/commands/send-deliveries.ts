import type { AppContext } from '../../../platform/context.ts';
import { one, rows, sql, type Tx } from '../../../platform/db.ts';
import { AppError } from '../../../platform/errors.ts';
import { enqueue, type Job } from '../../../platform/jobs.ts';
import { safeErrorMessage } from '../../../platform/log-safety.ts';
import { outboundRequest } from '../../../platform/outbound.ts';
import { webhookSendJob } from '../jobs.ts';
import { standardWebhookHeaders } from '../sign.ts';
import { disableFailingEndpoints } from './disable-endpoint.ts';

/** Sends in flight at once per batch (loopback receivers take thousands per second; a slow one holds one lane). */
const CONCURRENCY = 64;
/** A receiver should answer at once and work later (the spec's advice); one that takes longer counts as failed. */
export const DELIVERY_TIMEOUT_MS = 5_000;
/**
 * How long a picked delivery is leased to the job run sending it. Another run of the same job (its own lease lost,
 * or a crash after the sends) skips leased deliveries and looks again when the lease ends, so a receiver is not sent
 * the same delivery twice by two runs, and a crashed run's deliveries are sent after it.
 */
export const DELIVERY_LEASE_SECONDS = 600;
/** How long a delivery is retried before it is given up. */
export const RETRY_WINDOW_MS = 24 * 3600_000;
/** The stored copies of what was sent and answered are cut here (the log is for reading, not replay). */
export const REQUEST_BODY_KEPT = 4096;
export const RESPONSE_BODY_KEPT = 2048;

/**
 * The wait before the next attempt after `attempts` failed ones: 10 s, 30 s, 1.5 min, … ×3 each time, at most 4 h,
 * each ±25 % at random (jitter: receivers that come back are not hit by every sender's retries in the same second).
 * About 12 attempts fit in the 24-hour window.
 */
export function retryDelayMs(attempts: number, random = Math.random()): number {
  const base = Math.min(10_000 * 3 ** Math.max(0, attempts - 1), 4 * 3600_000);
  return Math.round(base * (0.75 + 0.5 * random));
}

interface DeliveryRow {
  id: string;
  endpoint_id: string;
  event_id: string;
  attempts: number;
  created_at: Date | string;
  type: string;
  seq: string | number;
  object_id: string | null;
  data: Record<string, unknown>;
  event_at: Date | string;
  url: string;
  enabled: boolean;
  secrets: string[] | null;
}

interface Outcome {
  id: string;
  endpoint: string;
  ok: boolean;
  /** The receiver's HTTP status (null: no answer). */
  code: number | null;
  latency: number | null;
  req: string | null;
  res: string | null;
  err: string | null;
  /** Not attempted: the endpoint was switched off (not the receiver's failure). */
  off: boolean;
}

/** The JSON body of one event, as the Standard Webhooks spec recommends: `{type, timestamp, data}`. */
export function webhookBody(type: string, at: Date | string, data: Record<string, unknown>, seq: number): string {
  return JSON.stringify({ type, timestamp: new Date(at).toISOString(), data: { ...data, sequence: seq } });
}

/** POSTs one delivery through the guarded client and says what happened (never throws). */
async function attempt(ctx: AppContext, d: DeliveryRow): Promise<Outcome> {
  const endpoint = d.endpoint_id;
  const secrets = d.secrets ?? [];
  if (!d.enabled || secrets.length === 0)
    return {
      id: d.id,
      endpoint,
      ok: false,
      code: null,
      latency: null,
      req: null,
      res: null,
      err: 'endpoint switched off',
      off: true,
    };
  const body = webhookBody(d.type, d.event_at, d.data, Number(d.seq));
  const started = performance.now();
  try {
    const response = await outboundRequest(ctx, d.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'user-agent': 'loopcx-webhooks',
        ...standardWebhookHeaders(secrets, `msg_${d.event_id}`, ctx.clock.now(), body),
      },
      body,
      timeoutMs: DELIVERY_TIMEOUT_MS,
      maxResponseBytes: RESPONSE_BODY_KEPT,
      // Thousands of deliveries go to a few receivers: one connection per delivery would cap the rate (bench).
      keepAlive: true,
    });
    const ok = response.status >= 200 && response.status <= 299;
    return {
      id: d.id,
      endpoint,
      ok,
      code: response.status,
      latency: Math.round(performance.now() - started),
      req: body.slice(0, REQUEST_BODY_KEPT),
      res: response.body.slice(0, RESPONSE_BODY_KEPT),
      err: ok ? null : `the receiver answered ${response.status}`,
      off: false,
    };
  } catch (err) {
    // Refusals (SSRF rules) and network failures are AppErrors naming only the origin; anything else is a bug
    // whose message still must not carry the URL's path or the headers.
    const message = err instanceof AppError ? err.message : `delivery failed: ${safeErrorMessage(err).slice(0, 200)}`;
    return {
      id: d.id,
      endpoint,
      ok: false,
      code: null,
      latency: Math.round(performance.now() - started),
      req: body.slice(0, REQUEST_BODY_KEPT),
      res: null,
      err: message,
      off: false,
    };
  }
}

/**
 * Sends a batch: each object's deliveries to one endpoint go one after another in sequence order (so a receiver
 * that answers sees them in order), everything else concurrently. Only the reads and the one write transaction at
 * the end touch the database; no transaction is open while a receiver is being waited for.
 */
export async function sendDeliveries(ctx: AppContext, job: Job<{ deliveryIds: string[] }>) {
  const tenantId = job.tenantId;
  if (!tenantId || job.payload.deliveryIds.length === 0) return;
  const ids = [...new Set(job.payload.deliveryIds)];
  // The batch's rows are picked by primary key first (a materialised step): joined in one flat query, the planner
  // of a freshly filled table (statistics not yet gathered) walked every delivery of each endpoint instead, which
  // took seconds per batch on PostgreSQL under load and capped the fan-out (bench connect-webhooks).
  const list = await rows<DeliveryRow>(
    ctx.db,
    // Picking is leasing (a data-modifying step, run once): deliveries another run holds are not picked.
    sql`WITH picked AS (
          UPDATE webhook_deliveries d SET lease_until = now() + make_interval(secs => ${DELIVERY_LEASE_SECONDS})
          WHERE d.tenant_id = ${tenantId} AND d.status IN ('pending', 'retrying')
            AND d.id = ANY(ARRAY(SELECT jsonb_array_elements_text(${JSON.stringify(ids)}::jsonb)::uuid))
            AND (d.lease_until IS NULL OR d.lease_until < now())
          RETURNING d.id, d.endpoint_id, d.event_id, d.attempts, d.created_at)
        SELECT d.id, d.endpoint_id, d.event_id, d.attempts, d.created_at, e.type, e.seq, e.object_id, e.data,
               e.created_at AS event_at, w.url, w.enabled,
               (SELECT array_agg(s.secret ORDER BY s.created_at DESC) FROM webhook_secrets s
                 WHERE s.tenant_id = w.tenant_id AND s.endpoint_id = w.id AND (s.expires_at IS NULL OR s.expires_at > now())) AS secrets
        FROM picked d
        JOIN webhook_events e ON e.tenant_id = ${tenantId} AND e.id = d.event_id
        JOIN webhook_endpoints w ON w.tenant_id = ${tenantId} AND w.id = d.endpoint_id
        ORDER BY e.seq`,
  );
  if (list.length < ids.length) await recheckLeased(ctx, tenantId, ids, list);
  if (list.length === 0) return;
  const chains = new Map<string, DeliveryRow[]>();
  for (const d of list) {
    const key = `${d.endpoint_id}|${d.object_id ?? d.id}`;
    const chain = chains.get(key);
    if (chain) chain.push(d);
    else chains.set(key, [d]);
  }
  const queue = [...chains.values()];
  const outcomes: Outcome[] = [];
  await Promise.all(
    Array.from({ length: Math.min(CONCURRENCY, queue.length) }, async () => {
      for (let chain = queue.shift(); chain; chain = queue.shift())
        for (const d of chain) outcomes.push(await attempt(ctx, d));
    }),
  );
  const byId = new Map(list.map((d) => [d.id, d]));
  // The sends happened: a lost write now would make the job's retry send them all again. A deadlock or
  // serialization failure (another batch switching an endpoint off) is retried here, with the same outcomes.
  for (let attempt = 1; ; attempt++) {
    try {
      await ctx.db.transaction((tx) => recordOutcomes(tx, tenantId, outcomes, byId));
      return;
    } catch (err) {
      const code = (err as { code?: unknown }).code;
      if (attempt >= 3 || (code !== '40P01' && code !== '40001')) throw err;
    }
  }
}

/**
 * Deliveries of the batch another run still leases are looked at again when that lease ends: settled by then, the
 * later job finds nothing to send; left unsent by a crashed run, it sends them.
 */
async function recheckLeased(ctx: AppContext, tenantId: string, ids: string[], picked: DeliveryRow[]) {
  const got = new Set(picked.map((d) => d.id));
  const leased = await rows<{ id: string; until: Date | string }>(
    ctx.db,
    sql`SELECT id, lease_until AS until FROM webhook_deliveries
        WHERE tenant_id = ${tenantId} AND status IN ('pending', 'retrying') AND lease_until >= now()
          AND id = ANY(ARRAY(SELECT jsonb_array_elements_text(${JSON.stringify(ids)}::jsonb)::uuid))`,
  );
  const waiting = leased.filter((l) => !got.has(l.id));
  if (waiting.length === 0) return;
  const until = Math.max(...waiting.map((l) => new Date(l.until).getTime()));
  await enqueue(ctx.db, webhookSendJob, [{ deliveryIds: waiting.map((l) => l.id) }], {
    tenantId,
    runAt: new Date(until + 1000),
  });
}

/** Writes every outcome in one statement, reschedules the failures and counts failures per endpoint. */
async function recordOutcomes(tx: Tx, tenantId: string, outcomes: Outcome[], byId: Map<string, DeliveryRow>) {
  // Database time, like the job queue's: retries are due by the database's clock, whichever node wrote them.
  const now = (await one<{ now: Date | string }>(tx, sql`SELECT now() AS now`))!.now;
  const nowMs = new Date(now).getTime();
  const retries = new Map<number, string[]>();
  const written = outcomes.map((o) => {
    const d = byId.get(o.id)!;
    const attempts = d.attempts + 1;
    let status = 'succeeded';
    let next: string | null = null;
    if (!o.ok) {
      const delay = retryDelayMs(attempts);
      const giveUp = o.off || nowMs + delay > new Date(d.created_at).getTime() + RETRY_WINDOW_MS;
      status = giveUp ? 'failed' : 'retrying';
      if (!giveUp) {
        const at = Math.ceil((nowMs + delay) / 1000) * 1000;
        next = new Date(at).toISOString();
        const bucket = retries.get(at);
        if (bucket) bucket.push(o.id);
        else retries.set(at, [o.id]);
      }
    }
    return { ...o, status, attempts, next };
  });
  await tx.execute(
    sql`UPDATE webhook_deliveries d SET status = x.status, attempts = x.attempts, response_status = x.rs,
          latency_ms = x.lat, request_body = coalesce(x.req, d.request_body), response_body = x.res, error = x.err,
          next_attempt_at = x.next, last_attempt_at = ${new Date(now).toISOString()}::timestamptz, lease_until = NULL
        FROM jsonb_to_recordset(${JSON.stringify(
          written.map((w) => ({
            id: w.id,
            status: w.status,
            attempts: w.attempts,
            rs: w.code,
            lat: w.latency,
            req: w.req,
            res: w.res,
            err: w.err,
            next: w.next,
          })),
        )}::jsonb) AS x(id uuid, status text, attempts int, rs int, lat int, req text, res text, err text, next timestamptz)
        WHERE d.tenant_id = ${tenantId} AND d.id = x.id`,
  );
  for (const [at, deliveryIds] of retries)
    await enqueue(tx, webhookSendJob, [{ deliveryIds }], { tenantId, runAt: new Date(at) });
  await disableFailingEndpoints(
    tx,
    tenantId,
    outcomes.filter((o) => !o.off),
  );
}
