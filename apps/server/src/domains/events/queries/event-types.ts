import { BUILTIN_EVENT_TYPES, type TEventType, type TPropertySchema } from '@loopcx/shared';
import { type Executor, rows, sql } from '../../../platform/db.ts';

export interface EventTypeRow {
  key: string;
  name: string;
  name_en: string | null;
  description: string | null;
  properties: TPropertySchema;
  strict: boolean;
  value_label: string | null;
  status: 'active' | 'archived';
}

/** A tenant's event_types row as the API answers it (built-ins are answered as declared in shared). */
export const presentEventType = (r: EventTypeRow): TEventType => ({
  key: r.key,
  name: r.name,
  nameEn: r.name_en,
  description: r.description,
  properties: r.properties,
  strict: r.strict,
  valueLabel: r.value_label,
  builtin: false,
  status: r.status,
});

/** A tenant's own event types (archived included), keyed by type key. */
export async function tenantEventTypes(ex: Executor, tenantId: string): Promise<TEventType[]> {
  return (
    await rows<EventTypeRow>(
      ex,
      sql`SELECT key, name, name_en, description, properties, strict, value_label, status FROM event_types WHERE tenant_id = ${tenantId} ORDER BY key`,
    )
  ).map(presentEventType);
}

/** Every event type a tenant can use: the built-ins followed by its own. */
export async function allEventTypes(ex: Executor, tenantId: string): Promise<TEventType[]> {
  return [...BUILTIN_EVENT_TYPES, ...(await tenantEventTypes(ex, tenantId))];
}

const cache = new Map<string, { types: Map<string, TEventType>; at: number }>();
const TTL_MS = 5000;

/**
 * Event types for the ingest path, cached for a few seconds per tenant (and dropped on every change made by this
 * process) so a hot ingest does not read the type table per batch.
 */
export async function eventTypesFor(
  ex: Executor,
  tenantId: string,
  opts: { refresh?: boolean } = {},
): Promise<Map<string, TEventType>> {
  const hit = cache.get(tenantId);
  if (hit && !opts.refresh && Date.now() - hit.at < TTL_MS) return hit.types;
  const types = new Map((await allEventTypes(ex, tenantId)).map((t) => [t.key, t]));
  cache.set(tenantId, { types, at: Date.now() });
  return types;
}

export function forgetEventTypes(tenantId: string) {
  cache.delete(tenantId);
}
