import { randomUUID } from 'node:crypto';
import { audit } from '../../../platform/audit.ts';
import type { Actor } from '../../../platform/auth.ts';
import type { Clock } from '../../../platform/clock.ts';
import { type Executor, one, rows, sql } from '../../../platform/db.ts';
import { conflict, invalid } from '../../../platform/errors.ts';
import { getJourney, getStage, listStages } from '../queries/get-journey.ts';
import { touchJourney } from './save-journey.ts';

/**
 * Stage edits. Positions stay dense (0..n-1) within a journey; every edit locks the journey row first so two
 * editors reordering at once serialise instead of interleaving positions.
 */
export async function addStage(
  tx: Executor,
  clock: Clock,
  actor: Actor,
  journeyId: string,
  input: { name: string; nameEn?: string | null; position?: number },
) {
  await getJourney(tx, actor, journeyId, { forUpdate: true });
  const count = Number(
    (
      await one<{ n: number }>(
        tx,
        sql`SELECT count(*)::int AS n FROM journey_stages WHERE tenant_id = ${actor.tenantId} AND journey_id = ${journeyId}`,
      )
    )?.n ?? 0,
  );
  if (count >= 100) throw invalid('name', 'a journey has at most 100 stages');
  const position = Math.min(input.position ?? count, count);
  await tx.execute(
    sql`UPDATE journey_stages SET position = position + 1 WHERE tenant_id = ${actor.tenantId} AND journey_id = ${journeyId} AND position >= ${position}`,
  );
  const id = randomUUID();
  await tx.execute(
    sql`INSERT INTO journey_stages (tenant_id, id, journey_id, position, name, name_en) VALUES (${actor.tenantId}, ${id}, ${journeyId}, ${position}, ${input.name}, ${input.nameEn ?? null})`,
  );
  await touchJourney(tx, clock, actor.tenantId, journeyId);
  await audit(tx, actor, 'journey.stage_added', 'journey', journeyId, { stageId: id, name: input.name, position });
  return id;
}

export async function renameStage(
  tx: Executor,
  clock: Clock,
  actor: Actor,
  journeyId: string,
  stageId: string,
  input: { name?: string; nameEn?: string | null },
) {
  await getJourney(tx, actor, journeyId, { forUpdate: true });
  const s = await getStage(tx, actor, journeyId, stageId);
  await tx.execute(
    sql`UPDATE journey_stages SET name = ${input.name ?? s.name}, name_en = ${input.nameEn === undefined ? s.nameEn : input.nameEn} WHERE tenant_id = ${actor.tenantId} AND id = ${stageId}`,
  );
  await touchJourney(tx, clock, actor.tenantId, journeyId);
  await audit(tx, actor, 'journey.stage_renamed', 'journey', journeyId, { stageId, ...input });
}

/** Sets the stage order: `stageIds` must list every stage of the journey exactly once. */
export async function reorderStages(tx: Executor, clock: Clock, actor: Actor, journeyId: string, stageIds: string[]) {
  await getJourney(tx, actor, journeyId, { forUpdate: true });
  const current = (await listStages(tx, actor.tenantId, [journeyId])).map((s) => s.id);
  const given = new Set(stageIds);
  if (given.size !== stageIds.length) throw invalid('stageIds', 'lists a stage twice');
  const missing = current.filter((id) => !given.has(id));
  const unknown = stageIds.findIndex((id) => !current.includes(id));
  if (unknown >= 0) throw invalid(`stageIds.${unknown}`, 'not a stage of this journey');
  if (missing.length) throw invalid('stageIds', `must list every stage of the journey (missing ${missing.length})`);
  await tx.execute(
    sql`UPDATE journey_stages s SET position = x.ord - 1 FROM jsonb_array_elements_text(${JSON.stringify(stageIds)}::jsonb) WITH ORDINALITY AS x(id, ord)
        WHERE s.tenant_id = ${actor.tenantId} AND s.journey_id = ${journeyId} AND s.id = x.id::uuid`,
  );
  await touchJourney(tx, clock, actor.tenantId, journeyId);
  await audit(tx, actor, 'journey.stages_reordered', 'journey', journeyId, { stageIds });
}

/**
 * Deletes a stage. Its touchpoints carry responses, so they are never dropped with it: a stage with touchpoints
 * is a 409 unless `moveTouchpointsTo` names another stage of the same journey, which receives them at its end.
 */
export async function deleteStage(
  tx: Executor,
  clock: Clock,
  actor: Actor,
  journeyId: string,
  stageId: string,
  moveTouchpointsTo?: string,
) {
  await getJourney(tx, actor, journeyId, { forUpdate: true });
  const stage = await getStage(tx, actor, journeyId, stageId);
  const tps = await rows<{ id: string }>(
    tx,
    sql`SELECT id FROM touchpoints WHERE tenant_id = ${actor.tenantId} AND stage_id = ${stageId} ORDER BY position, code`,
  );
  if (tps.length) {
    if (!moveTouchpointsTo)
      throw conflict(
        `The stage has ${tps.length} touchpoint(s); move them first or pass moveTouchpointsTo`,
        'moveTouchpointsTo',
      );
    if (moveTouchpointsTo === stageId) throw invalid('moveTouchpointsTo', 'must be another stage');
    const target = await getStage(tx, actor, journeyId, moveTouchpointsTo).catch(() => {
      throw invalid('moveTouchpointsTo', 'not a stage of this journey');
    });
    const base = Number(
      (
        await one<{ p: number }>(
          tx,
          sql`SELECT coalesce(max(position) + 1, 0)::int AS p FROM touchpoints WHERE tenant_id = ${actor.tenantId} AND stage_id = ${target.id}`,
        )
      )?.p ?? 0,
    );
    await tx.execute(
      sql`UPDATE touchpoints t SET stage_id = ${target.id}, position = ${base} + x.ord - 1, updated_at = ${clock.now().toISOString()}
          FROM jsonb_array_elements_text(${JSON.stringify(tps.map((t) => t.id))}::jsonb) WITH ORDINALITY AS x(id, ord)
          WHERE t.tenant_id = ${actor.tenantId} AND t.id = x.id::uuid`,
    );
  }
  await tx.execute(sql`DELETE FROM journey_stages WHERE tenant_id = ${actor.tenantId} AND id = ${stageId}`);
  await tx.execute(
    sql`UPDATE journey_stages SET position = position - 1 WHERE tenant_id = ${actor.tenantId} AND journey_id = ${journeyId} AND position > ${stage.position}`,
  );
  await touchJourney(tx, clock, actor.tenantId, journeyId);
  await audit(tx, actor, 'journey.stage_deleted', 'journey', journeyId, {
    stageId,
    name: stage.name,
    movedTouchpoints: tps.length,
    moveTouchpointsTo,
  });
}
