import type { TSegmentDefinition } from '@loopcx/shared';
import type { AppContext } from '../../../platform/context.ts';
import { one, rows, sql } from '../../../platform/db.ts';
import { uuidv7 } from '../../../platform/ids.ts';
import { enqueue } from '../../../platform/jobs.ts';
import { compileSegment, fromSegment, withClause } from '../../customers/segments/compile.ts';
import { reachSendJob, reachWaveJob } from '../jobs.ts';
import { decideWave } from './decide-wave.ts';

/** Segment members one wave job decides (one transaction); the next chunk is the next job. */
export const WAVE_CHUNK = 500;

interface WaveJoin {
  tenant_id: string;
  id: string;
  programme_id: string;
  wave_key: string;
  cursor: string | null;
  finished_at: Date | string | null;
  survey_id: string;
  channel_id: string;
  sample_percent: number;
  cooldown_days: number;
  expires_in_hours: number | null;
  definition: TSegmentDefinition;
}

/**
 * Runs the next chunk of a wave: the segment's members after the wave's cursor (customer id order), decided under
 * the customers' row locks (decide-wave.ts), written as invitations (`scheduled` with send jobs, or `suppressed`
 * with the reason) in the transaction that moves the cursor and queues the next chunk — the outbox of decision 39,
 * so a crash repeats a chunk at most, and `invitations_wave_customer_key` makes a repeat add nothing. The wave row
 * is locked first, so two runs of one wave's job take turns. The segment is read live, as at this moment.
 */
export async function runWaveChunk(ctx: AppContext, tenantId: string, waveId: string): Promise<void> {
  await ctx.db.transaction(async (tx) => {
    const w = await one<WaveJoin>(
      tx,
      sql`SELECT w.tenant_id, w.id, w.programme_id, w.wave_key, w.cursor, w.finished_at, p.survey_id, p.channel_id,
                 p.sample_percent, p.cooldown_days, p.expires_in_hours, g.definition
          FROM reach_programme_waves w
          JOIN reach_programmes p ON p.tenant_id = w.tenant_id AND p.id = w.programme_id
          JOIN customer_segments g ON g.tenant_id = p.tenant_id AND g.id = p.segment_id
          WHERE w.tenant_id = ${tenantId} AND w.id = ${waveId}
          FOR UPDATE OF w`,
    );
    if (!w || w.finished_at) return;
    const now = ctx.clock.now();
    const seg = compileSegment(tenantId, w.definition, now);
    const ids = (
      await rows<{ id: string }>(
        tx,
        sql`${withClause(seg)}SELECT c.id ${fromSegment(tenantId, seg)} ${w.cursor ? sql`AND c.id > ${w.cursor}::uuid` : sql``}
            ORDER BY c.id LIMIT ${WAVE_CHUNK}`,
      )
    ).map((r) => r.id);
    const decisions = await decideWave(
      tx,
      {
        id: w.programme_id,
        tenant_id: tenantId,
        survey_id: w.survey_id,
        sample_percent: w.sample_percent,
        cooldown_days: w.cooldown_days,
      },
      w.wave_key,
      ids,
      now,
      { lock: true },
    );
    const chosen = decisions.filter((d) => d.sampled);
    const expiresAt = w.expires_in_hours ? new Date(now.getTime() + w.expires_in_hours * 3600_000).toISOString() : null;
    const list = chosen.map((d) => ({
      id: uuidv7(now.getTime()),
      cu: d.member ? { externalId: d.member } : {},
      c: d.customerId,
      st: d.reason ? 'suppressed' : 'scheduled',
      r: d.reason,
      sa: d.reason ? null : now.toISOString(),
    }));
    const written = list.length
      ? await rows<{ id: string; status: string }>(
          tx,
          sql`INSERT INTO invitations (tenant_id, id, survey_id, customer, context, expires_at, customer_id, channel_id,
                programme_id, wave_id, status, reason, send_at, created_at)
              SELECT ${tenantId}::uuid, x.id, ${w.survey_id}::uuid, x.cu, '{}'::jsonb, ${expiresAt}::timestamptz, x.c, ${w.channel_id}::uuid,
                ${w.programme_id}::uuid, ${w.id}::uuid, x.st, x.r, x.sa, ${now.toISOString()}::timestamptz
              FROM jsonb_to_recordset(${JSON.stringify(list)}::jsonb) AS x(id uuid, cu jsonb, c uuid, st text, r text, sa timestamptz)
              ON CONFLICT (tenant_id, wave_id, customer_id) WHERE wave_id IS NOT NULL DO NOTHING
              RETURNING id, status`,
        )
      : [];
    const due = written.filter((x) => x.status === 'scheduled').map((x) => x.id);
    for (let i = 0; i < due.length; i += 100)
      await enqueue(tx, reachSendJob, [{ invitationIds: due.slice(i, i + 100) }], { tenantId });
    const last = ids.length === WAVE_CHUNK;
    await tx.execute(
      sql`UPDATE reach_programme_waves SET cursor = ${ids.length ? ids[ids.length - 1] : w.cursor}::uuid,
            audience = audience + ${decisions.length}, sampled_out = sampled_out + ${decisions.length - chosen.length},
            finished_at = ${last ? null : now.toISOString()}::timestamptz
          WHERE tenant_id = ${tenantId} AND id = ${w.id}`,
    );
    if (last) await enqueue(tx, reachWaveJob, [{ waveId: w.id }], { tenantId });
  });
}
