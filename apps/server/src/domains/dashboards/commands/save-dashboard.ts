import { randomUUID } from 'node:crypto';
import {
  AUDIT_METRICS,
  roleCan,
  type TDashboardConfig,
  type TDashboardCreate,
  type TDashboardUpdate,
} from '@loopcx/shared';
import { audit } from '../../../platform/audit.ts';
import type { Actor } from '../../../platform/auth.ts';
import type { Clock } from '../../../platform/clock.ts';
import { type Executor, one, sql } from '../../../platform/db.ts';
import { AppError, forbidden, type InvalidParam } from '../../../platform/errors.ts';
import { resolveMetric } from '../../metrics/query.ts';
import { pathInScope } from '../../org/scope.ts';
import { getDashboard } from '../queries/get-dashboard.ts';

/** The unit must be in the saver's subtree and the touchpoint in the tenant; metrics must be ones the engine answers. */
async function validateConfig(tx: Executor, actor: Actor, config: TDashboardConfig) {
  const bad: InvalidParam[] = [];
  if (config.orgUnitId) {
    const u = await one<{ path: string }>(
      tx,
      sql`SELECT path FROM org_units WHERE tenant_id = ${actor.tenantId} AND id = ${config.orgUnitId}`,
    );
    // A 422 naming the field rather than requireUnitInScope's 404: the unit is part of a config being validated.
    if (!pathInScope(actor, u?.path)) bad.push({ name: 'config.orgUnitId', reason: 'no such unit in your scope' });
  }
  if (config.touchpointId) {
    const t = await one(
      tx,
      sql`SELECT 1 FROM touchpoints WHERE tenant_id = ${actor.tenantId} AND id = ${config.touchpointId}`,
    );
    if (!t) bad.push({ name: 'config.touchpointId', reason: 'no such touchpoint' });
  }
  for (const [i, m] of [...config.metrics.map((m, i) => [`metrics.${i}`, m]), ['rankMetric', config.rankMetric]]) {
    // The audit indicators are answered by the metrics engine like the survey metrics (ranked by store).
    if ((AUDIT_METRICS as readonly string[]).includes(m)) continue;
    try {
      resolveMetric(m);
    } catch {
      bad.push({
        name: `config.${i}`,
        reason: 'not a metric the dashboard can show (nps, csat, ces, responses, rating:<question>, audit.*)',
      });
    }
  }
  if ('from' in config.period && !(Date.parse(config.period.to) > Date.parse(config.period.from)))
    bad.push({ name: 'config.period.to', reason: 'must be after from' });
  if (bad.length)
    throw new AppError('invalid', bad.map((b) => `${b.name}: ${b.reason}`).join('; '), { invalidParams: bad });
}

export async function createDashboard(
  tx: Executor,
  clock: Clock,
  actor: Actor,
  input: TDashboardCreate,
): Promise<string> {
  if (actor.kind !== 'user') throw forbidden('Dashboards belong to users; API keys cannot save them');
  await validateConfig(tx, actor, input.config);
  const id = randomUUID();
  const now = clock.now().toISOString();
  await tx.execute(
    sql`INSERT INTO saved_dashboards (tenant_id, id, owner_id, name, description, config, shared, created_at, updated_at)
        VALUES (${actor.tenantId}, ${id}, ${actor.id}, ${input.name}, ${input.description ?? null}, ${JSON.stringify(input.config)}::jsonb, ${input.shared}, ${now}, ${now})`,
  );
  await audit(tx, actor, 'dashboard.created', 'dashboard', id, { name: input.name, shared: input.shared });
  return id;
}

/** Only the owner edits or re-shares a dashboard; others who see a shared one get 403, others 404. */
export async function updateDashboard(tx: Executor, clock: Clock, actor: Actor, id: string, input: TDashboardUpdate) {
  const d = await getDashboard(tx, actor, id, { forUpdate: true });
  if (!d.mine) throw forbidden('Only its owner may change a dashboard; save a copy instead');
  if (input.config) await validateConfig(tx, actor, input.config);
  await tx.execute(
    sql`UPDATE saved_dashboards SET name = ${input.name ?? d.name}, description = ${input.description === undefined ? d.description : input.description},
          shared = ${input.shared ?? d.shared}, config = ${JSON.stringify(input.config ?? d.config)}::jsonb, updated_at = ${clock.now().toISOString()}
        WHERE tenant_id = ${actor.tenantId} AND id = ${id}`,
  );
  await audit(tx, actor, 'dashboard.updated', 'dashboard', id, {
    name: input.name,
    shared: input.shared,
    config: input.config ? true : undefined,
  });
}

/** The owner deletes; tenant owners and admins may also remove a shared dashboard (e.g. when its owner left). */
export async function deleteDashboard(tx: Executor, actor: Actor, id: string) {
  const d = await getDashboard(tx, actor, id, { forUpdate: true });
  if (!d.mine && !(d.shared && roleCan(actor.role, 'users.write')))
    throw forbidden('Only its owner (or an admin, for shared ones) may delete a dashboard');
  await tx.execute(sql`DELETE FROM saved_dashboards WHERE tenant_id = ${actor.tenantId} AND id = ${id}`);
  await audit(tx, actor, 'dashboard.deleted', 'dashboard', id, { name: d.name });
}
