import type { TBlueprintGraph } from '@loopcx/shared';
import type { Actor } from '../../../platform/auth.ts';
import { type Executor, one, rows, sql } from '../../../platform/db.ts';
import { notFound } from '../../../platform/errors.ts';

export interface BlueprintRow {
  id: string;
  journey_id: string;
  journey_name: string;
  name: string;
  name_en: string | null;
  owner_team_id: string | null;
  version: number;
  archived: boolean;
  node_count: number | string;
  created_at: Date | string;
  updated_at: Date | string;
}

export interface VersionRow extends TBlueprintGraph {
  version: number;
  created_at: Date | string;
}

/** A blueprint is the tenant's, not a unit's: the tenant is its whole boundary (everyone in it reads). */
const SELECT = (tenantId: string) => sql`SELECT b.id, b.journey_id, j.name AS journey_name, b.name, b.name_en,
    b.owner_team_id, b.version, b.archived, b.created_at, b.updated_at,
    jsonb_array_length(v.nodes) AS node_count
  FROM blueprints b
  JOIN journeys j ON j.tenant_id = b.tenant_id AND j.id = b.journey_id
  JOIN blueprint_versions v ON v.tenant_id = b.tenant_id AND v.blueprint_id = b.id AND v.version = b.version
  WHERE b.tenant_id = ${tenantId}`;

/** The tenant's blueprints, optionally of one journey; archived ones only when asked. */
export async function listBlueprints(
  ex: Executor,
  actor: Actor,
  q: { journeyId?: string; archived?: boolean },
): Promise<BlueprintRow[]> {
  return rows<BlueprintRow>(
    ex,
    sql`${SELECT(actor.tenantId)} ${q.archived ? sql`` : sql`AND NOT b.archived`}
        ${q.journeyId ? sql`AND b.journey_id = ${q.journeyId}` : sql``}
        ORDER BY b.archived, j.name, b.name, b.id`,
  );
}

/** One blueprint of the caller's tenant; 404 for another tenant's or a missing one. */
export async function getBlueprint(ex: Executor, actor: Actor, id: string): Promise<BlueprintRow> {
  const b = await one<BlueprintRow>(ex, sql`${SELECT(actor.tenantId)} AND b.id = ${id}`);
  if (!b) throw notFound('Blueprint');
  return b;
}

/** Every version's number and date, oldest first. */
export async function listVersions(ex: Executor, tenantId: string, id: string) {
  return rows<{ version: number; created_at: Date | string }>(
    ex,
    sql`SELECT version, created_at FROM blueprint_versions
        WHERE tenant_id = ${tenantId} AND blueprint_id = ${id} ORDER BY version`,
  );
}

/** One version's drawing; 404 when the blueprint has no such version. */
export async function getVersion(ex: Executor, tenantId: string, id: string, version: number): Promise<VersionRow> {
  const v = await one<VersionRow>(
    ex,
    sql`SELECT version, lanes, nodes, edges, created_at FROM blueprint_versions
        WHERE tenant_id = ${tenantId} AND blueprint_id = ${id} AND version = ${version}`,
  );
  if (!v) throw notFound('Blueprint version');
  return v;
}

/** Names of the teams, users and touchpoints a drawing mentions (filtered by the tenant, as ids are no boundary). */
export async function namesOf(ex: Executor, tenantId: string, v: TBlueprintGraph) {
  const partyIds = JSON.stringify([
    ...v.lanes,
    ...v.nodes.flatMap((n) => [n.raci.responsible, n.raci.accountable, ...n.raci.consulted, ...n.raci.informed]),
  ]);
  const tpIds = JSON.stringify(v.nodes.flatMap((n) => n.touchpointIds));
  const parties = await rows<{ id: string; name: string; name_en: string | null; kind: 'team' | 'user' }>(
    ex,
    sql`SELECT id::text AS id, name, name_en, 'team' AS kind FROM teams WHERE tenant_id = ${tenantId}
          AND id::text IN (SELECT jsonb_array_elements_text(${partyIds}::jsonb))
        UNION ALL SELECT id::text, name, NULL, 'user' FROM users WHERE tenant_id = ${tenantId}
          AND id::text IN (SELECT jsonb_array_elements_text(${partyIds}::jsonb))`,
  );
  const touchpoints = await rows<{ id: string; name: string; name_en: string | null }>(
    ex,
    sql`SELECT id::text AS id, name, name_en FROM touchpoints WHERE tenant_id = ${tenantId}
        AND id::text IN (SELECT jsonb_array_elements_text(${tpIds}::jsonb)) ORDER BY position, code`,
  );
  return { parties, touchpoints };
}
