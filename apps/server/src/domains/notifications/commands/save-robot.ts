import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import { audit } from '../../../platform/audit.ts';
import type { Actor } from '../../../platform/auth.ts';
import type { AppContext } from '../../../platform/context.ts';
import { type Executor, sql } from '../../../platform/db.ts';
import { invalid } from '../../../platform/errors.ts';
import { requireUnitInScope } from '../../org/scope.ts';
import { getRobot } from '../queries/robots.ts';
import { robotHint, robotUrlProblem } from '../robots/adapters.ts';
import { sealRobot } from '../robots/secrets.ts';
import type { ZRobotCreate, ZRobotUpdate } from '../schema.ts';

/** A text[] parameter (drizzle expands a JS array into a value list, so it travels as JSON). */
const textArray = (v: string[]) => sql`ARRAY(SELECT jsonb_array_elements_text(${JSON.stringify(v)}::jsonb))`;

/** Adds a group robot to a unit in the caller's subtree; the URL and secret are sealed and never answered again. */
export async function createRobot(
  tx: Executor,
  ctx: AppContext,
  actor: Actor,
  input: z.output<typeof ZRobotCreate>,
): Promise<string> {
  await requireUnitInScope(tx, actor, input.orgUnitId);
  const problem = robotUrlProblem(input.provider, input.webhookUrl);
  if (problem) throw invalid('webhookUrl', problem);
  const id = randomUUID();
  const sealed = sealRobot(ctx, actor.tenantId, { url: input.webhookUrl, secret: input.secret });
  const now = ctx.clock.now().toISOString();
  await tx.execute(
    sql`INSERT INTO notification_robots (tenant_id, id, org_unit_id, name, provider, webhook_sealed, webhook_hint,
          secret_sealed, kinds, enabled, created_at, updated_at)
        VALUES (${actor.tenantId}, ${id}, ${input.orgUnitId}, ${input.name}, ${input.provider}, ${sealed.webhook},
          ${robotHint(input.webhookUrl)}, ${sealed.secret}, ${textArray(input.kinds)}, ${input.enabled}, ${now}, ${now})`,
  );
  await audit(tx, actor, 'notification_robot.create', 'notification_robot', id, {
    name: input.name,
    provider: input.provider,
    orgUnitId: input.orgUnitId,
    kinds: input.kinds,
  });
  return id;
}

/** Changes a robot in the caller's subtree; a new URL or secret replaces the sealed one. */
export async function updateRobot(
  tx: Executor,
  ctx: AppContext,
  actor: Actor,
  id: string,
  input: z.output<typeof ZRobotUpdate>,
) {
  const robot = await getRobot(tx, actor, id);
  if (input.webhookUrl !== undefined) {
    const problem = robotUrlProblem(robot.provider, input.webhookUrl);
    if (problem) throw invalid('webhookUrl', problem);
  }
  const url = input.webhookUrl !== undefined ? sealRobot(ctx, actor.tenantId, { url: input.webhookUrl }).webhook : null;
  const secret =
    input.secret !== undefined ? sealRobot(ctx, actor.tenantId, { url: '', secret: input.secret }).secret : null;
  await tx.execute(
    sql`UPDATE notification_robots SET
          name = coalesce(${input.name ?? null}, name),
          kinds = ${input.kinds ? textArray(input.kinds) : sql`kinds`},
          enabled = coalesce(${input.enabled ?? null}::boolean, enabled),
          webhook_sealed = coalesce(${url}, webhook_sealed),
          webhook_hint = coalesce(${input.webhookUrl ? robotHint(input.webhookUrl) : null}, webhook_hint),
          secret_sealed = ${input.secret !== undefined ? sql`${secret}` : sql`secret_sealed`},
          updated_at = ${ctx.clock.now().toISOString()}
        WHERE tenant_id = ${actor.tenantId} AND id = ${id}`,
  );
  await audit(tx, actor, 'notification_robot.update', 'notification_robot', id, {
    name: input.name,
    kinds: input.kinds,
    enabled: input.enabled,
    webhookChanged: input.webhookUrl !== undefined,
    secretChanged: input.secret !== undefined,
  });
}

/** Deletes a robot in the caller's subtree. */
export async function deleteRobot(tx: Executor, actor: Actor, id: string) {
  await getRobot(tx, actor, id);
  await tx.execute(sql`DELETE FROM notification_robots WHERE tenant_id = ${actor.tenantId} AND id = ${id}`);
  await audit(tx, actor, 'notification_robot.delete', 'notification_robot', id);
}
