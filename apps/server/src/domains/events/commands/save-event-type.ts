import {
  BUILTIN_EVENT_TYPES,
  type TEventType,
  type TEventTypeCreate,
  type TEventTypeUpdate,
  type TPropertySchema,
} from '@loopcx/shared';
import type { Actor } from '../../../platform/auth.ts';
import { type Executor, one, sql } from '../../../platform/db.ts';
import { AppError, conflict, notFound } from '../../../platform/errors.ts';
import { enqueue } from '../../../platform/jobs.ts';
import { eventsRebuildRollupsJob } from '../jobs.ts';
import { type EventTypeRow, forgetEventTypes, presentEventType } from '../queries/event-types.ts';

const COLS = sql`key, name, name_en, description, properties, strict, value_label, status`;

/** The dimension part of a schema (which properties, and their values): a change means rollups need rebuilding. */
const dimensionsOf = (p: TPropertySchema) =>
  JSON.stringify(
    Object.entries(p)
      .filter(([, s]) => s.dimension)
      .map(([k, s]) => [k, s.type, s.enum ?? null])
      .sort(),
  );

const builtin = (key: string) => BUILTIN_EVENT_TYPES.some((t) => t.key === key);

export async function createEventType(tx: Executor, actor: Actor, input: TEventTypeCreate): Promise<TEventType> {
  if (builtin(input.key)) throw conflict(`${input.key} is a built-in event type`, 'key');
  const row = await one<EventTypeRow>(
    tx,
    sql`INSERT INTO event_types (tenant_id, key, name, name_en, description, properties, strict, value_label)
        VALUES (${actor.tenantId}, ${input.key}, ${input.name}, ${input.nameEn ?? null}, ${input.description ?? null}, ${JSON.stringify(input.properties)}::jsonb,
                ${input.strict}, ${input.valueLabel ?? null})
        ON CONFLICT (tenant_id, key) DO NOTHING
        RETURNING ${COLS}`,
  );
  if (!row) throw conflict(`An event type ${input.key} already exists`, 'key');
  // Events may already exist under an undeclared-then-declared key only if it was archived and recreated; a
  // rebuild is cheap for a new type and keeps the invariant simple.
  if (dimensionsOf(input.properties) !== '[]')
    await enqueue(tx, eventsRebuildRollupsJob, [{ tenantId: actor.tenantId, type: input.key }], {
      tenantId: actor.tenantId,
    });
  forgetEventTypes(actor.tenantId);
  return presentEventType(row);
}

export async function updateEventType(
  tx: Executor,
  actor: Actor,
  key: string,
  input: TEventTypeUpdate,
): Promise<TEventType> {
  if (builtin(key))
    throw new AppError('conflict', 'Built-in event types are read-only; declare a custom type for other properties', {
      invalidParams: [{ name: 'key', reason: 'built-in' }],
    });
  const before = await one<EventTypeRow>(
    tx,
    sql`SELECT ${COLS} FROM event_types WHERE tenant_id = ${actor.tenantId} AND key = ${key} FOR UPDATE`,
  );
  if (!before) throw notFound('Event type');
  const row = (await one<EventTypeRow>(
    tx,
    sql`UPDATE event_types SET
          name = ${input.name ?? before.name},
          name_en = ${input.nameEn !== undefined ? input.nameEn : before.name_en},
          description = ${input.description !== undefined ? input.description : before.description},
          properties = ${JSON.stringify(input.properties ?? before.properties)}::jsonb,
          strict = ${input.strict ?? before.strict},
          value_label = ${input.valueLabel !== undefined ? input.valueLabel : before.value_label},
          status = ${input.status ?? before.status},
          updated_at = now()
        WHERE tenant_id = ${actor.tenantId} AND key = ${key}
        RETURNING ${COLS}`,
  ))!;
  if (input.properties && dimensionsOf(input.properties) !== dimensionsOf(before.properties)) {
    await enqueue(tx, eventsRebuildRollupsJob, [{ tenantId: actor.tenantId, type: key }], {
      tenantId: actor.tenantId,
    });
  }
  forgetEventTypes(actor.tenantId);
  return presentEventType(row);
}
