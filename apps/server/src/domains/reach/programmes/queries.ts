import type { Actor } from '../../../platform/auth.ts';
import { type Executor, one, rows, sql } from '../../../platform/db.ts';
import { notFound } from '../../../platform/errors.ts';

export interface ProgrammeRow {
  tenant_id: string;
  id: string;
  name: string;
  segment_id: string;
  segment_name: string;
  survey_id: string;
  survey_name: string;
  channel_id: string;
  channel_name: string;
  every: number;
  unit: 'day' | 'week' | 'month' | 'quarter';
  starts_at: Date | string;
  ends_at: Date | string | null;
  sample_percent: number;
  cooldown_days: number;
  expires_in_hours: number | null;
  reminder_after_days: number | null;
  enabled: boolean;
  next_run_at: Date | string | null;
  last_wave_at: Date | string | null;
  created_at: Date | string;
  updated_at: Date | string;
}

// Programmes are tenant-wide configuration (reach.manage): the tenant is the boundary of every read.
const SELECT = sql`SELECT p.*, g.name AS segment_name, s.name AS survey_name, c.name AS channel_name,
    (SELECT max(w.created_at) FROM reach_programme_waves w WHERE w.tenant_id = p.tenant_id AND w.programme_id = p.id) AS last_wave_at
  FROM reach_programmes p
  JOIN customer_segments g ON g.tenant_id = p.tenant_id AND g.id = p.segment_id
  JOIN surveys s ON s.tenant_id = p.tenant_id AND s.id = p.survey_id
  JOIN channels c ON c.tenant_id = p.tenant_id AND c.id = p.channel_id`;

/** The tenant's programmes, by name. */
export function listProgrammes(ex: Executor, actor: Actor): Promise<ProgrammeRow[]> {
  return rows<ProgrammeRow>(ex, sql`${SELECT} WHERE p.tenant_id = ${actor.tenantId} ORDER BY p.name, p.id`);
}

/** One programme of the caller's tenant (404 for another tenant's). */
export async function getProgramme(ex: Executor, actor: Actor, id: string): Promise<ProgrammeRow> {
  const p = await one<ProgrammeRow>(ex, sql`${SELECT} WHERE p.tenant_id = ${actor.tenantId} AND p.id = ${id}`);
  if (!p) throw notFound('Programme');
  return p;
}

export interface WaveRow {
  id: string;
  wave_key: string;
  manual: boolean;
  scheduled_for: Date | string;
  created_at: Date | string;
  finished_at: Date | string | null;
  audience: number;
  sampled_out: number;
  invited: number;
  sent: number;
  suppressed: number;
  failed: number;
  completed: number;
  suppressed_by: Record<string, number> | null;
}

/**
 * A programme's waves, newest first, with their invitations counted (invitations_wave_customer_key serves the
 * per-wave lookup). `sent` counts what reached the channel (sent, delivered or answered).
 */
export function listWaves(ex: Executor, actor: Actor, programmeId: string, limit = 50): Promise<WaveRow[]> {
  return rows<WaveRow>(
    ex,
    sql`SELECT w.id, w.wave_key, w.manual, w.scheduled_for, w.created_at, w.finished_at, w.audience, w.sampled_out,
          coalesce(n.invited, 0)::int AS invited, coalesce(n.sent, 0)::int AS sent, coalesce(n.suppressed, 0)::int AS suppressed,
          coalesce(n.failed, 0)::int AS failed, coalesce(n.completed, 0)::int AS completed, r.suppressed_by
        FROM reach_programme_waves w
        LEFT JOIN LATERAL (
          SELECT count(*) FILTER (WHERE i.status <> 'suppressed') AS invited,
                 count(*) FILTER (WHERE i.status IN ('sent', 'delivered')) AS sent,
                 count(*) FILTER (WHERE i.status = 'suppressed') AS suppressed,
                 count(*) FILTER (WHERE i.status = 'failed') AS failed,
                 count(*) FILTER (WHERE i.responded_at IS NOT NULL) AS completed
          FROM invitations i WHERE i.tenant_id = w.tenant_id AND i.wave_id = w.id) n ON true
        LEFT JOIN LATERAL (
          SELECT jsonb_object_agg(x.reason, x.n) AS suppressed_by FROM (
            SELECT coalesce(i.reason, 'other') AS reason, count(*)::int AS n FROM invitations i
            WHERE i.tenant_id = w.tenant_id AND i.wave_id = w.id AND i.status = 'suppressed' GROUP BY 1) x) r ON true
        WHERE w.tenant_id = ${actor.tenantId} AND w.programme_id = ${programmeId}
        ORDER BY w.created_at DESC, w.id DESC LIMIT ${limit}`,
  );
}
