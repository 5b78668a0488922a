import { z } from 'zod';
import { actorOf } from '../../platform/auth.ts';
import type { AppContext } from '../../platform/context.ts';
import { one, rows, sql } from '../../platform/db.ts';
import { notFound } from '../../platform/errors.ts';
import type { Router } from '../../platform/routing.ts';

const tags = ['journeys'];

/** Journeys and touchpoints (read): every role may read them; they label surveys, responses and tickets. */
export async function journeyRoutes(r: Router, ctx: AppContext) {
  r.get('/touchpoints', { schema: { tags, summary: 'All touchpoints of the tenant' } }, async (req) => {
    const actor = actorOf(req);
    const list = await rows(
      ctx.db,
      sql`SELECT t.id, t.code, t.name, t.name_en AS "nameEn", t.channel, t.journey_id AS "journeyId", t.stage_id AS "stageId", t.owner_team_id AS "ownerTeamId", t.raci
          FROM touchpoints t LEFT JOIN journey_stages s ON s.tenant_id = t.tenant_id AND s.id = t.stage_id
          WHERE t.tenant_id = ${actor.tenantId} AND t.status = 'active' ORDER BY t.journey_id NULLS LAST, s.position, t.position, t.code`,
    );
    return { items: list };
  });

  r.get('/journeys', { schema: { tags, summary: 'Journeys with their ordered stages and touchpoints' } }, async (req) => {
    const actor = actorOf(req);
    const journeys = await rows<{ id: string; name: string; nameEn: string | null }>(ctx.db, sql`SELECT id, name, name_en AS "nameEn" FROM journeys WHERE tenant_id = ${actor.tenantId} AND status = 'active' ORDER BY created_at`);
    return { items: await Promise.all(journeys.map((j) => withStages(ctx, actor.tenantId, j))) };
  });

  r.get('/journeys/:id', { schema: { tags, params: z.object({ id: z.uuid() }) } }, async (req) => {
    const actor = actorOf(req);
    const j = await one<{ id: string; name: string; nameEn: string | null }>(ctx.db, sql`SELECT id, name, name_en AS "nameEn" FROM journeys WHERE tenant_id = ${actor.tenantId} AND id = ${req.params.id}`);
    if (!j) throw notFound('Journey');
    return withStages(ctx, actor.tenantId, j);
  });
}

async function withStages(ctx: AppContext, tenantId: string, j: { id: string; name: string; nameEn: string | null }) {
  const stages = await rows<{ id: string; name: string; nameEn: string | null; position: number }>(
    ctx.db,
    sql`SELECT id, name, name_en AS "nameEn", position FROM journey_stages WHERE tenant_id = ${tenantId} AND journey_id = ${j.id} ORDER BY position`,
  );
  const tps = await rows<{ id: string; stageId: string; code: string; name: string; nameEn: string | null; channel: string; ownerTeamId: string | null }>(
    ctx.db,
    sql`SELECT id, stage_id AS "stageId", code, name, name_en AS "nameEn", channel, owner_team_id AS "ownerTeamId" FROM touchpoints WHERE tenant_id = ${tenantId} AND journey_id = ${j.id} ORDER BY position, code`,
  );
  return { ...j, stages: stages.map((s) => ({ ...s, touchpoints: tps.filter((t) => t.stageId === s.id) })) };
}
