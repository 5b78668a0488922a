import type { TBlueprint, TBlueprintCheck, TBlueprintSummary } from '@loopcx/shared';
import type { BlueprintRow, VersionRow } from './queries/blueprints.ts';

const iso = (d: Date | string) => new Date(d).toISOString();

export function presentBlueprintSummary(b: BlueprintRow): TBlueprintSummary {
  return {
    id: b.id,
    journeyId: b.journey_id,
    journeyName: b.journey_name,
    name: b.name,
    nameEn: b.name_en,
    ownerTeamId: b.owner_team_id,
    version: b.version,
    archived: b.archived,
    nodeCount: Number(b.node_count),
    createdAt: iso(b.created_at),
    updatedAt: iso(b.updated_at),
  };
}

export interface BlueprintView {
  row: BlueprintRow;
  version: VersionRow;
  versions: Array<{ version: number; created_at: Date | string }>;
  parties: Array<{ id: string; name: string; name_en: string | null; kind: 'team' | 'user' }>;
  touchpoints: Array<{ id: string; name: string; name_en: string | null }>;
  checks: TBlueprintCheck[];
}

/**
 * A blueprint at one version. Lanes keep the version's order; a lane whose team was deleted since shows its id,
 * so an old drawing still reads.
 */
export function presentBlueprint(v: BlueprintView): TBlueprint {
  const { nodeCount: _n, ...summary } = presentBlueprintSummary(v.row);
  const teams = new Map(v.parties.filter((p) => p.kind === 'team').map((p) => [p.id, p]));
  return {
    ...summary,
    version: v.version.version,
    currentVersion: v.row.version,
    versions: v.versions.map((x) => ({ version: x.version, createdAt: iso(x.created_at) })),
    lanes: v.version.lanes.map((id) => ({
      id,
      name: teams.get(id)?.name ?? id,
      nameEn: teams.get(id)?.name_en ?? null,
    })),
    nodes: v.version.nodes,
    edges: v.version.edges,
    touchpoints: v.touchpoints.map((t) => ({ id: t.id, name: t.name, nameEn: t.name_en })),
    parties: v.parties.map((p) => ({ id: p.id, name: p.name, nameEn: p.name_en, kind: p.kind })),
    checks: v.checks,
  };
}
