import { randomUUID } from 'node:crypto';
import type { TJourneyCreate, TJourneyUpdate } from '@loopcx/shared';
import { audit } from '../../../platform/audit.ts';
import type { Actor } from '../../../platform/auth.ts';
import type { Clock } from '../../../platform/clock.ts';
import { type Executor, sql } from '../../../platform/db.ts';
import { getJourney } from '../queries/get-journey.ts';

export async function createJourney(tx: Executor, clock: Clock, actor: Actor, input: TJourneyCreate): Promise<string> {
  const id = randomUUID();
  const now = clock.now().toISOString();
  await tx.execute(
    sql`INSERT INTO journeys (tenant_id, id, name, name_en, description, created_at, updated_at)
        VALUES (${actor.tenantId}, ${id}, ${input.name}, ${input.nameEn ?? null}, ${input.description ?? null}, ${now}, ${now})`,
  );
  await audit(tx, actor, 'journey.created', 'journey', id, { name: input.name });
  return id;
}

/** Renames, describes, archives or restores a journey. Archiving keeps stages and touchpoints (responses refer to them). */
export async function updateJourney(
  tx: Executor,
  clock: Clock,
  actor: Actor,
  id: string,
  input: TJourneyUpdate,
): Promise<void> {
  const j = await getJourney(tx, actor, id, { forUpdate: true });
  await tx.execute(
    sql`UPDATE journeys SET name = ${input.name ?? j.name},
          name_en = ${input.nameEn === undefined ? j.nameEn : input.nameEn},
          description = ${input.description === undefined ? j.description : input.description},
          status = ${input.status ?? j.status}, updated_at = ${clock.now().toISOString()}
        WHERE tenant_id = ${actor.tenantId} AND id = ${id}`,
  );
  await audit(
    tx,
    actor,
    input.status && input.status !== j.status ? `journey.${input.status}` : 'journey.updated',
    'journey',
    id,
    input,
  );
}

/** Bumps the journey's updated_at (stage and touchpoint edits), so lists show what changed last. */
export async function touchJourney(tx: Executor, clock: Clock, tenantId: string, id: string | null) {
  if (id)
    await tx.execute(
      sql`UPDATE journeys SET updated_at = ${clock.now().toISOString()} WHERE tenant_id = ${tenantId} AND id = ${id}`,
    );
}
