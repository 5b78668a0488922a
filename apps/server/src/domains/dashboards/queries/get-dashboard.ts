import type { TDashboardConfig, TSavedDashboardResponse } from '@loopcx/shared';
import type { Actor } from '../../../platform/auth.ts';
import { type Executor, one, rows, sql } from '../../../platform/db.ts';
import { notFound } from '../../../platform/errors.ts';
import { pathInScope } from '../../org/scope.ts';

interface Row {
  id: string;
  name: string;
  description: string | null;
  shared: boolean;
  ownerId: string;
  ownerName: string;
  config: TDashboardConfig;
  updatedAt: string;
  unitPath: string | null;
}

// A dashboard id alone is not a boundary: every read filters the tenant and "mine or shared".
const SELECT = sql`SELECT d.id, d.name, d.description, d.shared, d.owner_id AS "ownerId", u.name AS "ownerName", d.config, d.updated_at AS "updatedAt", o.path AS "unitPath"
  FROM saved_dashboards d JOIN users u ON u.tenant_id = d.tenant_id AND u.id = d.owner_id
  LEFT JOIN org_units o ON o.tenant_id = d.tenant_id AND o.id = (d.config->>'orgUnitId')::uuid`;
const visible = (actor: Actor) => sql`d.tenant_id = ${actor.tenantId} AND (d.owner_id = ${actor.id} OR d.shared)`;

/**
 * A saved dashboard as this viewer sees it: the saved unit when it lies in their subtree, otherwise their own unit
 * (the data they may see). The config itself is returned as saved.
 */
function present(actor: Actor, r: Row): TSavedDashboardResponse {
  const inside = pathInScope(actor, r.unitPath);
  const savedUnit = r.config.orgUnitId;
  return {
    id: r.id,
    name: r.name,
    description: r.description,
    shared: r.shared,
    owner: { id: r.ownerId, name: r.ownerName },
    mine: r.ownerId === actor.id,
    config: r.config,
    effectiveOrgUnitId: savedUnit && inside ? savedUnit : actor.orgUnitId,
    clipped: !!savedUnit && !inside,
    updatedAt: r.updatedAt,
  };
}

/** The viewer's own dashboards and those shared in the tenant; theirs first, then by name. */
export async function listDashboards(ex: Executor, actor: Actor): Promise<TSavedDashboardResponse[]> {
  const list = await rows<Row>(
    ex,
    sql`${SELECT} WHERE ${visible(actor)} ORDER BY (d.owner_id = ${actor.id}) DESC, d.name, d.id`,
  );
  return list.map((r) => present(actor, r));
}

/** One dashboard the viewer may see (theirs or shared); anything else — other tenants, others' private ones — is 404. */
export async function getDashboard(
  ex: Executor,
  actor: Actor,
  id: string,
  opts: { forUpdate?: boolean } = {},
): Promise<TSavedDashboardResponse> {
  const r = await one<Row>(
    ex,
    sql`${SELECT} WHERE ${visible(actor)} AND d.id = ${id} ${opts.forUpdate ? sql`FOR UPDATE OF d` : sql``}`,
  );
  if (!r) throw notFound('Dashboard');
  return present(actor, r);
}
