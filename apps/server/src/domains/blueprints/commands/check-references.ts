import type { TBlueprintGraph } from '@loopcx/shared';
import type { Executor } from '../../../platform/db.ts';
import { one, rows, sql } from '../../../platform/db.ts';
import { invalid, notFound } from '../../../platform/errors.ts';

const ids = (list: string[]) => JSON.stringify([...new Set(list)]);

/**
 * 422 unless every id a drawing names is the tenant's: lanes and owner are teams, RACI parties are teams or users,
 * touchpoints belong to the blueprint's journey. Ids alone are no tenant boundary, so each lookup filters by it.
 */
export async function checkReferences(ex: Executor, tenantId: string, journeyId: string, g: TBlueprintGraph) {
  const teams = new Set(
    (
      await rows<{ id: string }>(
        ex,
        sql`SELECT id::text AS id FROM teams WHERE tenant_id = ${tenantId}
            AND id::text IN (SELECT jsonb_array_elements_text(${ids(g.lanes)}::jsonb))`,
      )
    ).map((r) => r.id),
  );
  const lane = g.lanes.find((l) => !teams.has(l));
  if (lane) throw invalid('lanes', `lane ${lane} is not a team of this tenant`);

  const parties = g.nodes.flatMap((n) =>
    [n.raci.responsible, n.raci.accountable, ...n.raci.consulted, ...n.raci.informed].filter((x): x is string => !!x),
  );
  const known = new Set(
    (
      await rows<{ id: string }>(
        ex,
        sql`SELECT id::text AS id FROM teams WHERE tenant_id = ${tenantId}
              AND id::text IN (SELECT jsonb_array_elements_text(${ids(parties)}::jsonb))
            UNION SELECT id::text FROM users WHERE tenant_id = ${tenantId}
              AND id::text IN (SELECT jsonb_array_elements_text(${ids(parties)}::jsonb))`,
      )
    ).map((r) => r.id),
  );
  const party = parties.find((p) => !known.has(p));
  if (party) throw invalid('nodes', `RACI names ${party}, which is neither a team nor a user of this tenant`);

  const touchpoints = g.nodes.flatMap((n) => n.touchpointIds);
  const ofJourney = new Set(
    (
      await rows<{ id: string }>(
        ex,
        sql`SELECT id::text AS id FROM touchpoints WHERE tenant_id = ${tenantId} AND journey_id = ${journeyId}
            AND id::text IN (SELECT jsonb_array_elements_text(${ids(touchpoints)}::jsonb))`,
      )
    ).map((r) => r.id),
  );
  const tp = touchpoints.find((t) => !ofJourney.has(t));
  if (tp) throw invalid('nodes', `touchpoint ${tp} is not on this blueprint's journey`);
}

/** 404 unless the journey is the tenant's. */
export async function assertJourney(ex: Executor, tenantId: string, journeyId: string) {
  if (!(await one(ex, sql`SELECT 1 FROM journeys WHERE tenant_id = ${tenantId} AND id = ${journeyId}`)))
    throw notFound('Journey');
}

/** 422 unless the owner team is the tenant's. */
export async function assertOwnerTeam(ex: Executor, tenantId: string, teamId: string | null | undefined) {
  if (!teamId) return;
  if (!(await one(ex, sql`SELECT 1 FROM teams WHERE tenant_id = ${tenantId} AND id = ${teamId}`)))
    throw invalid('ownerTeamId', 'not a team of this tenant');
}
