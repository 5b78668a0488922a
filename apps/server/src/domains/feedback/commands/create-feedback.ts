import { type Actor, atTenantRoot } from '../../../platform/auth.ts';
import type { Clock } from '../../../platform/clock.ts';
import { type Executor, rows, sql } from '../../../platform/db.ts';
import { conflict, invalid, notFound } from '../../../platform/errors.ts';
import { uuidv7 } from '../../../platform/ids.ts';
import { enqueue } from '../../../platform/jobs.ts';
import { pathUnder } from '../../org/scope.ts';
import { textAnalyzeJob, textAnalyzePayloads } from '../../text/jobs.ts';
import type { FEEDBACK_SOURCES, TFeedbackCreate } from '../schema.ts';

/** A validated item ready to insert: unit and touchpoint already resolved inside the caller's scope. */
export interface FeedbackInsert extends Omit<TFeedbackCreate, 'occurredAt' | 'source'> {
  /** Any source, `in_app` included (the SDK's 吐槽 widget inserts through here too). */
  source: (typeof FEEDBACK_SOURCES)[number];
  occurredAt: string;
}

/**
 * Inserts feedback items in one statement and, in the same transaction, the job that analyses their text (so an
 * acknowledged item is always analysed, even after a crash). An item whose (source, externalId) already exists is
 * skipped: re-importing an export never duplicates. Returns the ids actually inserted.
 */
export async function insertFeedback(
  tx: Executor,
  tenantId: string,
  actorId: string | null,
  items: FeedbackInsert[],
): Promise<string[]> {
  if (items.length === 0) return [];
  // Time-ordered ids (as for responses and events): customer resolution sweeps new rows by primary key.
  const now = Date.now();
  const payload = items.map((i) => ({
    id: uuidv7(now),
    source: i.source,
    channel: i.channel ?? null,
    url: i.url ?? null,
    author: i.author ?? null,
    text: i.text,
    rating: i.rating ?? null,
    org_unit_id: i.orgUnitId ?? null,
    touchpoint_id: i.touchpointId ?? null,
    customer_ref: i.customerRef ?? null,
    external_id: i.externalId ?? null,
    occurred_at: i.occurredAt,
  }));
  const inserted = await rows<{ id: string }>(
    tx,
    sql`INSERT INTO feedback_items (tenant_id, id, source, channel, url, author, text, rating, org_unit_id, touchpoint_id, customer_ref, external_id, occurred_at, created_by)
        SELECT ${tenantId}::uuid, x.id, x.source, x.channel, x.url, x.author, x.text, x.rating, x.org_unit_id, x.touchpoint_id, x.customer_ref, x.external_id, x.occurred_at, ${actorId}::uuid
        FROM jsonb_to_recordset(${JSON.stringify(payload)}::jsonb) AS x(id uuid, source text, channel text, url text, author text, text text, rating float8,
             org_unit_id uuid, touchpoint_id uuid, customer_ref text, external_id text, occurred_at timestamptz)
        ON CONFLICT (tenant_id, source, external_id) WHERE external_id IS NOT NULL DO NOTHING
        RETURNING id`,
  );
  const ids = inserted.map((r) => r.id);
  await enqueue(tx, textAnalyzeJob, textAnalyzePayloads('feedback', ids), { tenantId });
  return ids;
}

/** Unit and touchpoint lookups for a batch, limited to the caller's scope (by id or by code). */
export async function scopeLookups(ex: Executor, actor: Actor) {
  const units = await rows<{ id: string; code: string }>(
    ex,
    sql`SELECT id, code FROM org_units WHERE tenant_id = ${actor.tenantId} AND ${pathUnder('org_units', actor.orgPath)}`,
  );
  const tps = await rows<{ id: string; code: string; name: string; name_en: string | null }>(
    ex,
    sql`SELECT id, code, name, name_en FROM touchpoints WHERE tenant_id = ${actor.tenantId}`,
  );
  const unitById = new Set(units.map((u) => u.id));
  const unitByCode = new Map(units.map((u) => [u.code.toLowerCase(), u.id]));
  const tpById = new Set(tps.map((t) => t.id));
  const tpByKey = new Map<string, string>();
  for (const t of tps) for (const k of [t.code, t.name, t.name_en]) if (k) tpByKey.set(k.toLowerCase(), t.id);
  return {
    unit: (idOrCode: string) => (unitById.has(idOrCode) ? idOrCode : unitByCode.get(idOrCode.toLowerCase())),
    touchpoint: (idOrKey: string) => (tpById.has(idOrKey) ? idOrKey : tpByKey.get(idOrKey.toLowerCase())),
  };
}

/** Creates one item from the API: its unit and touchpoint must be the caller's (404 otherwise). */
export async function createFeedback(
  tx: Executor,
  clock: Clock,
  actor: Actor,
  input: TFeedbackCreate,
): Promise<string> {
  const look = await scopeLookups(tx, actor);
  if (input.orgUnitId && !look.unit(input.orgUnitId)) throw notFound('Org unit');
  if (input.touchpointId && !look.touchpoint(input.touchpointId)) throw notFound('Touchpoint');
  if (!input.orgUnitId && !atTenantRoot(actor))
    throw invalid(
      'orgUnitId',
      'required: you work in part of the organisation, so the item must belong to one of your units',
    );
  const [id] = await insertFeedback(tx, actor.tenantId, actor.kind === 'user' ? actor.id : null, [
    { ...input, occurredAt: input.occurredAt ?? clock.now().toISOString() },
  ]);
  if (!id) throw conflict('A feedback item with this source and externalId already exists', 'externalId');
  return id;
}

/** True for callers whose scope is the whole tenant (they may store items that belong to no unit). */
