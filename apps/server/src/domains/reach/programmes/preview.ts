import type { TProgrammePreviewResponse, TSegmentDefinition } from '@loopcx/shared';
import type { Actor } from '../../../platform/auth.ts';
import type { AppContext } from '../../../platform/context.ts';
import { one, rows, sql } from '../../../platform/db.ts';
import { notFound } from '../../../platform/errors.ts';
import { compileSegment, fromSegment, withClause } from '../../customers/segments/compile.ts';
import { decideWave } from './decide-wave.ts';
import { getProgramme } from './queries.ts';

/** Members a preview decides (the first by id); the audience is counted in full. */
const PREVIEW_LIMIT = 1000;
/** Members listed by name in the answer. */
const LISTED = 50;

/**
 * Who a wave started now would invite: the segment counted, the first PREVIEW_LIMIT members decided exactly as a
 * wave would (same sampling hash for the key `preview`, same policy, no locks, nothing written).
 */
export async function previewProgramme(ctx: AppContext, actor: Actor, id: string): Promise<TProgrammePreviewResponse> {
  const p = await getProgramme(ctx.db, actor, id);
  const seg = await one<{ definition: TSegmentDefinition }>(
    ctx.db,
    sql`SELECT definition FROM customer_segments WHERE tenant_id = ${actor.tenantId} AND id = ${p.segment_id}`,
  );
  if (!seg) throw notFound('Segment');
  const now = ctx.clock.now();
  const compiled = compileSegment(actor.tenantId, seg.definition, now);
  const audience = await one<{ n: number }>(
    ctx.db,
    sql`${withClause(compiled)}SELECT count(*)::int AS n ${fromSegment(actor.tenantId, compiled)}`,
  );
  const ids = (
    await rows<{ id: string }>(
      ctx.db,
      sql`${withClause(compiled)}SELECT c.id ${fromSegment(actor.tenantId, compiled)} ORDER BY c.id LIMIT ${PREVIEW_LIMIT}`,
    )
  ).map((r) => r.id);
  const decisions = await decideWave(ctx.db, p, 'preview', ids, now, { lock: false });
  const suppressedBy: Record<string, number> = {};
  for (const d of decisions) if (d.sampled && d.reason) suppressedBy[d.reason] = (suppressedBy[d.reason] ?? 0) + 1;
  return {
    audience: audience?.n ?? 0,
    evaluated: decisions.length,
    send: decisions.filter((d) => d.sampled && !d.reason).length,
    suppressed: decisions.filter((d) => d.sampled && d.reason).length,
    sampledOut: decisions.filter((d) => !d.sampled).length,
    suppressedBy,
    items: decisions.slice(0, LISTED).map((d) => ({
      customerId: d.customerId,
      name: d.name,
      member: d.member,
      outcome: !d.sampled ? 'sampled_out' : d.reason ? 'suppressed' : 'send',
      reason: d.sampled ? d.reason : null,
    })),
  };
}
