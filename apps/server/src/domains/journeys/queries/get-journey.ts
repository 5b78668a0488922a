import type { TJourneyResponse } from '@loopcx/shared';
import type { Actor } from '../../../platform/auth.ts';
import { type Executor, one, rows, sql } from '../../../platform/db.ts';
import { notFound } from '../../../platform/errors.ts';
import { loadTouchpoints } from './get-touchpoint.ts';

export interface JourneyRow {
  id: string;
  name: string;
  nameEn: string | null;
  description: string | null;
  status: 'active' | 'archived';
  updatedAt: string;
}
export interface StageRow {
  id: string;
  journeyId: string;
  name: string;
  nameEn: string | null;
  position: number;
}

const JOURNEY_COLUMNS = sql`j.id, j.name, j.name_en AS "nameEn", j.description, j.status, j.updated_at AS "updatedAt"`;

/** One journey of the actor's tenant (any status); another tenant's id is a 404. */
export async function getJourney(
  ex: Executor,
  actor: Actor,
  id: string,
  opts: { forUpdate?: boolean } = {},
): Promise<JourneyRow> {
  const j = await one<JourneyRow>(
    ex,
    sql`SELECT ${JOURNEY_COLUMNS} FROM journeys j WHERE j.tenant_id = ${actor.tenantId} AND j.id = ${id} ${opts.forUpdate ? sql`FOR UPDATE` : sql``}`,
  );
  if (!j) throw notFound('Journey');
  return j;
}

/** A stage of the given journey; a stage id of another journey or tenant is a 404. */
export async function getStage(ex: Executor, actor: Actor, journeyId: string, stageId: string): Promise<StageRow> {
  const s = await one<StageRow>(
    ex,
    sql`SELECT id, journey_id AS "journeyId", name, name_en AS "nameEn", position FROM journey_stages WHERE tenant_id = ${actor.tenantId} AND journey_id = ${journeyId} AND id = ${stageId}`,
  );
  if (!s) throw notFound('Stage');
  return s;
}

export async function listStages(ex: Executor, tenantId: string, journeyIds: string[]): Promise<StageRow[]> {
  if (!journeyIds.length) return [];
  return rows<StageRow>(
    ex,
    sql`SELECT id, journey_id AS "journeyId", name, name_en AS "nameEn", position FROM journey_stages
        WHERE tenant_id = ${tenantId} AND journey_id IN (SELECT jsonb_array_elements_text(${JSON.stringify(journeyIds)}::jsonb)::uuid) ORDER BY journey_id, position`,
  );
}

/** A journey as the API answers it (the journeys contract's shape). */
export type JourneyView = TJourneyResponse;

/** Journeys with their ordered stages and each stage's touchpoints (active ones unless `archived`). Three queries in all. */
export async function journeysWithStages(
  ex: Executor,
  actor: Actor,
  journeys: JourneyRow[],
  opts: { archivedTouchpoints?: boolean } = {},
): Promise<JourneyView[]> {
  const ids = journeys.map((j) => j.id);
  const stages = await listStages(ex, actor.tenantId, ids);
  const tps = await loadTouchpoints(ex, actor, { journeyIds: ids, includeArchived: opts.archivedTouchpoints });
  return journeys.map((j) => ({
    ...j,
    stages: stages
      .filter((s) => s.journeyId === j.id)
      .map((s) => ({ ...s, touchpoints: tps.filter((t) => t.stageId === s.id) })),
  }));
}

export async function listJourneys(
  ex: Executor,
  actor: Actor,
  status: 'active' | 'archived' | 'all',
): Promise<JourneyView[]> {
  const journeys = await rows<JourneyRow>(
    ex,
    sql`SELECT ${JOURNEY_COLUMNS} FROM journeys j WHERE j.tenant_id = ${actor.tenantId} ${status === 'all' ? sql`` : sql`AND j.status = ${status}`} ORDER BY j.created_at, j.id`,
  );
  return journeysWithStages(ex, actor, journeys);
}

export async function journeyView(
  ex: Executor,
  actor: Actor,
  id: string,
  opts: { archivedTouchpoints?: boolean } = {},
): Promise<JourneyView> {
  const [view] = await journeysWithStages(ex, actor, [await getJourney(ex, actor, id)], opts);
  return view;
}
