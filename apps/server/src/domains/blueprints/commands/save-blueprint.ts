import { randomUUID } from 'node:crypto';
import type { TBlueprintGraph } from '@loopcx/shared';
import { audit } from '../../../platform/audit.ts';
import type { Actor } from '../../../platform/auth.ts';
import { one, sql, type Tx } from '../../../platform/db.ts';
import { notFound } from '../../../platform/errors.ts';
import { validateGraph } from '../validate.ts';
import { assertJourney, assertOwnerTeam, checkReferences } from './check-references.ts';

export interface NewBlueprint extends TBlueprintGraph {
  journeyId: string;
  name: string;
  nameEn?: string;
  ownerTeamId?: string;
}

export interface BlueprintPatch extends Partial<TBlueprintGraph> {
  name?: string;
  nameEn?: string | null;
  ownerTeamId?: string | null;
  archived?: boolean;
}

const userOf = (actor: Actor) => (actor.kind === 'user' ? actor.id : null);

async function insertVersion(tx: Tx, actor: Actor, id: string, version: number, g: TBlueprintGraph, at: string) {
  await tx.execute(
    sql`INSERT INTO blueprint_versions (tenant_id, blueprint_id, version, lanes, nodes, edges, created_by, created_at)
        VALUES (${actor.tenantId}, ${id}, ${version}, ${JSON.stringify(g.lanes)}::jsonb,
          ${JSON.stringify(g.nodes)}::jsonb, ${JSON.stringify(g.edges)}::jsonb, ${userOf(actor)}, ${at})`,
  );
}

/** Creates a blueprint with its version 1 after validating the drawing. Returns its id. */
export async function createBlueprint(tx: Tx, actor: Actor, b: NewBlueprint, now: Date): Promise<string> {
  const graph = { lanes: b.lanes, nodes: b.nodes, edges: b.edges };
  validateGraph(graph);
  await assertJourney(tx, actor.tenantId, b.journeyId);
  await assertOwnerTeam(tx, actor.tenantId, b.ownerTeamId);
  await checkReferences(tx, actor.tenantId, b.journeyId, graph);
  const id = randomUUID();
  const at = now.toISOString();
  await tx.execute(
    sql`INSERT INTO blueprints (tenant_id, id, journey_id, name, name_en, owner_team_id, created_by, created_at, updated_at)
        VALUES (${actor.tenantId}, ${id}, ${b.journeyId}, ${b.name}, ${b.nameEn ?? null}, ${b.ownerTeamId ?? null},
          ${userOf(actor)}, ${at}, ${at})`,
  );
  await insertVersion(tx, actor, id, 1, graph, at);
  await audit(tx, actor, 'blueprint.create', 'blueprint', id, { name: b.name, nodes: b.nodes.length });
  return id;
}

/**
 * Changes a blueprint. A drawing that differs from the current version publishes the next version (the earlier
 * ones stay readable); an equal drawing changes nothing. Checklist items keep their node ids, so a node removed
 * from the drawing simply stops being drawn with its items.
 */
export async function updateBlueprint(tx: Tx, actor: Actor, id: string, b: BlueprintPatch, now: Date) {
  const cur = await one<{ version: number; journey_id: string } & TBlueprintGraph>(
    tx,
    sql`SELECT b.version, b.journey_id, v.lanes, v.nodes, v.edges FROM blueprints b
        JOIN blueprint_versions v ON v.tenant_id = b.tenant_id AND v.blueprint_id = b.id AND v.version = b.version
        WHERE b.tenant_id = ${actor.tenantId} AND b.id = ${id} FOR UPDATE OF b`,
  );
  if (!cur) throw notFound('Blueprint');
  await assertOwnerTeam(tx, actor.tenantId, b.ownerTeamId);
  const at = now.toISOString();
  let version = cur.version;
  if (b.lanes && b.nodes && b.edges) {
    const graph = { lanes: b.lanes, nodes: b.nodes, edges: b.edges };
    validateGraph(graph);
    await checkReferences(tx, actor.tenantId, cur.journey_id, graph);
    // Compared in one key order: jsonb does not keep the order the keys were written in.
    if (canonical(graph) !== canonical(cur)) {
      version = cur.version + 1;
      await insertVersion(tx, actor, id, version, graph, at);
    }
  }
  await tx.execute(
    sql`UPDATE blueprints SET
          name = coalesce(${b.name ?? null}, name),
          name_en = ${b.nameEn === undefined ? sql`name_en` : b.nameEn},
          owner_team_id = ${b.ownerTeamId === undefined ? sql`owner_team_id` : b.ownerTeamId},
          archived = coalesce(${b.archived ?? null}::boolean, archived),
          version = ${version}, updated_at = ${at}
        WHERE tenant_id = ${actor.tenantId} AND id = ${id}`,
  );
  await audit(tx, actor, 'blueprint.update', 'blueprint', id, {
    name: b.name,
    archived: b.archived,
    nodes: b.nodes?.length,
    version,
  });
}

/** A stored node with its keys in the contract's order (as zod writes a parsed one). */
const canonicalNode = (n: TBlueprintGraph['nodes'][number]) => ({
  id: n.id,
  kind: n.kind,
  label: n.label,
  labelEn: n.labelEn,
  stage: n.stage,
  lane: n.lane,
  raci: {
    responsible: n.raci.responsible,
    accountable: n.raci.accountable,
    consulted: n.raci.consulted,
    informed: n.raci.informed,
  },
  touchpointIds: n.touchpointIds,
  eventTypes: n.eventTypes,
});
const canonicalEdge = (e: TBlueprintGraph['edges'][number]) => ({ from: e.from, to: e.to, label: e.label });
const canonical = (g: TBlueprintGraph) =>
  JSON.stringify([g.lanes, g.nodes.map(canonicalNode), g.edges.map(canonicalEdge)]);
