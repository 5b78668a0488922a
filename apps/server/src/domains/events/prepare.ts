import { createHash } from 'node:crypto';
import { checkProperties, type TEventType, variantsOf } from '@loopcx/shared';
import { z } from 'zod';
import { type Actor, atTenantRoot } from '../../platform/auth.ts';
import type { AppContext } from '../../platform/context.ts';
import { rows, sql } from '../../platform/db.ts';
import type { InvalidParam } from '../../platform/errors.ts';
import { ISO_DATETIME_RE, isPlainObject, UUID_RE } from '../../platform/fast-checks.ts';
import { uuidv7 } from '../../platform/ids.ts';
import { pathInScope } from '../org/scope.ts';
import { canonical } from '../responses/prepare.ts';
import { tenantDay } from '../responses/survey-cache.ts';
import { tenantUnits } from '../responses/unit-cache.ts';
import { eventTypesFor } from './queries/event-types.ts';

export const ZEventKey = z
  .string()
  .trim()
  .min(1)
  .max(128)
  .regex(/^[\w.:@/-]+$/, 'letters, digits and . _ : @ / - only');

/** One event as senders give it (API, batch, import rows after mapping). */
export const ZEventInput = z
  .object({
    type: z.string().min(1).max(100),
    occurredAt: z.iso.datetime({ offset: true }).optional(),
    orgUnitId: z.uuid().optional(),
    orgUnitCode: z.string().min(1).max(64).optional(),
    touchpointId: z.uuid().optional(),
    customer: z
      .union([z.string().trim().min(1).max(200), z.object({ externalId: z.string().trim().min(1).max(200) }).strict()])
      .optional(),
    properties: z.record(z.string().max(64), z.unknown()).optional(),
    value: z.number().finite().optional(),
    idempotencyKey: ZEventKey.optional(),
  })
  .strict();
export type TEventInput = z.infer<typeof ZEventInput>;

/** A validated event ready to write. */
export interface PreparedEvent {
  tenantId: string;
  id: string;
  type: string;
  occurredAt: string;
  orgUnitId: string | null;
  orgPath: string | null;
  touchpointId: string | null;
  customerRef: string | null;
  properties: Record<string, unknown>;
  value: number | null;
  idempotencyKey: string | null;
  bodyHash: string;
  source: string;
  /** Tenant-local day of occurredAt. */
  day: string;
  /** Rollup variants besides '' (dimension values such as `valid=true`). */
  variants: string[];
}

export type Prepared = { item: PreparedEvent } | { errors: InvalidParam[] };

const KEY = /^[\w.:@/-]{1,128}$/;
const FIELDS = new Set([
  'type',
  'occurredAt',
  'orgUnitId',
  'orgUnitCode',
  'touchpointId',
  'customer',
  'properties',
  'value',
  'idempotencyKey',
]);

/**
 * The common case checked by hand (zod costs several microseconds per item at 5,000 items per batch). It only
 * ever says "plainly valid"; anything unusual (or invalid) goes through ZEventInput, which also words the errors.
 */
function plainlyValid(e: unknown): e is TEventInput {
  if (!e || typeof e !== 'object' || Array.isArray(e)) return false;
  const o = e as Record<string, unknown>;
  for (const k in o) if (!FIELDS.has(k)) return false;
  if (typeof o.type !== 'string' || o.type.length < 1 || o.type.length > 100) return false;
  if (
    o.occurredAt !== undefined &&
    (typeof o.occurredAt !== 'string' || !ISO_DATETIME_RE.test(o.occurredAt) || Number.isNaN(Date.parse(o.occurredAt)))
  )
    return false;
  if (o.orgUnitId !== undefined && (typeof o.orgUnitId !== 'string' || !UUID_RE.test(o.orgUnitId))) return false;
  if (
    o.orgUnitCode !== undefined &&
    (typeof o.orgUnitCode !== 'string' || o.orgUnitCode.length < 1 || o.orgUnitCode.length > 64)
  )
    return false;
  if (o.touchpointId !== undefined && (typeof o.touchpointId !== 'string' || !UUID_RE.test(o.touchpointId)))
    return false;
  if (
    o.customer !== undefined &&
    (typeof o.customer !== 'string' ||
      o.customer.length < 1 ||
      o.customer.length > 200 ||
      o.customer.trim() !== o.customer)
  )
    return false;
  if (o.value !== undefined && (typeof o.value !== 'number' || !Number.isFinite(o.value))) return false;
  if (o.idempotencyKey !== undefined && (typeof o.idempotencyKey !== 'string' || !KEY.test(o.idempotencyKey)))
    return false;
  if (o.properties !== undefined) {
    const p = o.properties;
    if (!isPlainObject(p)) return false;
    for (const k in p) if (k.length > 64) return false;
  }
  return true;
}

const MAX_PROPERTIES_BYTES = 16_384;
// Every time zone's offset is a multiple of 15 minutes, so all instants in a 15-minute bucket share one local day.
const BUCKET = 900_000;

/**
 * Validates a list of raw events for one actor: shape, declared type (unknown or archived → `type`), properties
 * against the type's schema (`properties.<name>`), the unit in the actor's subtree, touchpoints of the tenant and
 * a time not in the future. Returns per item a prepared event or its field errors (`<prefix>.<i>.<field>`).
 */
export async function prepareEvents(
  ctx: AppContext,
  actor: Actor,
  raw: unknown[],
  opts: { prefix: string; source: string },
): Promise<Prepared[]> {
  const [types, units, dayOf] = await Promise.all([
    eventTypesFor(ctx.db, actor.tenantId),
    tenantUnits(ctx, actor.tenantId),
    tenantDay(ctx, actor.tenantId),
  ]);
  // Intl formatting costs microseconds per call; a batch of 5,000 events spans few buckets.
  const dayCache = new Map<number, string>();
  const day = (t: number) => {
    const h = Math.floor(t / BUCKET);
    let d = dayCache.get(h);
    if (d === undefined) {
      d = dayOf(new Date(h * BUCKET));
      dayCache.set(h, d);
    }
    return d;
  };
  const now = ctx.clock.now().getTime();
  const atRoot = atTenantRoot(actor);
  let unitsRefreshed = false;
  const out: Prepared[] = [];
  const touchpoints = new Set<string>();
  for (const [i, item] of raw.entries()) {
    // Field names of errors are built only when there is an error (a 5,000-event batch is usually clean).
    const at = () => `${opts.prefix}.${i}`;
    let e: TEventInput;
    if (plainlyValid(item)) e = item;
    else {
      const p = ZEventInput.safeParse(item);
      if (!p.success) {
        out.push({
          errors: p.error.issues.map((issue) => ({ name: [at(), ...issue.path].join('.'), reason: issue.message })),
        });
        continue;
      }
      e = p.data;
    }
    const errors: InvalidParam[] = [];
    const type: TEventType | undefined = types.get(e.type);
    if (type?.status !== 'active')
      errors.push({
        name: `${at()}.type`,
        reason: type
          ? 'this event type is archived'
          : `undeclared event type ${e.type}; declare it under /event-types first`,
      });
    const props = e.properties ?? {};
    if (type)
      for (const err of checkProperties(type, props))
        errors.push({ name: `${at()}.properties.${err.path}`, reason: err.reason });
    let unit: { id: string; path: string; status: string } | undefined;
    if (e.orgUnitId || e.orgUnitCode) {
      let u = units.byId.get(e.orgUnitId ?? '') ?? (e.orgUnitId ? undefined : units.byCode.get(e.orgUnitCode ?? ''));
      if (!u && !unitsRefreshed) {
        unitsRefreshed = true;
        const fresh = await tenantUnits(ctx, actor.tenantId, { refresh: true });
        u = e.orgUnitId ? fresh.byId.get(e.orgUnitId) : fresh.byCode.get(e.orgUnitCode ?? '');
        Object.assign(units, fresh);
      }
      if (!pathInScope(actor, u?.path))
        errors.push({
          name: `${at()}.${e.orgUnitId ? 'orgUnitId' : 'orgUnitCode'}`,
          reason: 'no such unit in your scope',
        });
      else unit = u;
    } else if (!atRoot)
      errors.push({
        name: `${at()}.orgUnitCode`,
        reason: 'give orgUnitCode or orgUnitId (your scope is a part of the organisation)',
      });
    const occurred = e.occurredAt ? Date.parse(e.occurredAt) : now;
    if (occurred > now + 5 * 60_000) errors.push({ name: `${at()}.occurredAt`, reason: 'is in the future' });
    if (occurred < Date.UTC(2000, 0, 1)) errors.push({ name: `${at()}.occurredAt`, reason: 'is before 2000' });
    // The properties' canonical JSON serves the size check and, reused, the body hash (serialised once).
    const propsJson = e.properties ? canonical(props) : '{}';
    if (propsJson.length > MAX_PROPERTIES_BYTES)
      errors.push({ name: `${at()}.properties`, reason: `larger than ${MAX_PROPERTIES_BYTES} bytes` });
    if (errors.length) {
      out.push({ errors });
      continue;
    }
    if (e.touchpointId) touchpoints.add(e.touchpointId);
    const customerRef = typeof e.customer === 'string' ? e.customer : (e.customer?.externalId ?? null);
    const iso = new Date(occurred).toISOString();
    out.push({
      item: {
        tenantId: actor.tenantId,
        id: uuidv7(now),
        type: e.type,
        occurredAt: iso,
        orgUnitId: unit?.id ?? null,
        orgPath: unit?.path ?? null,
        touchpointId: e.touchpointId ?? null,
        customerRef,
        properties: props,
        value: e.value ?? null,
        idempotencyKey: e.idempotencyKey ?? null,
        bodyHash: e.idempotencyKey
          ? createHash('sha256')
              .update(
                canonical(
                  { ...e, occurredAt: e.occurredAt ? iso : null, idempotencyKey: undefined },
                  e.properties ? new Map([[e.properties, propsJson]]) : undefined,
                ),
              )
              .digest('hex')
          : '',
        source: opts.source,
        day: day(occurred),
        variants: type ? variantsOf(type, props) : [],
      },
    });
  }
  if (touchpoints.size) {
    const ids = [...touchpoints];
    const found = new Set(
      (
        await rows<{ id: string }>(
          ctx.db,
          sql`SELECT id FROM touchpoints WHERE tenant_id = ${actor.tenantId} AND id IN (${sql.join(
            ids.map((id) => sql`${id}`),
            sql`, `,
          )})`,
        )
      ).map((t) => t.id),
    );
    for (const [i, p] of out.entries()) {
      if ('item' in p && p.item.touchpointId && !found.has(p.item.touchpointId))
        out[i] = { errors: [{ name: `${opts.prefix}.${i}.touchpointId`, reason: 'no such touchpoint' }] };
    }
  }
  return out;
}
