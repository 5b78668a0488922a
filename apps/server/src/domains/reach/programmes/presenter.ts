import type { TProgrammeResponse, TProgrammeWaveResponse } from '@loopcx/shared';
import type { ProgrammeRow, WaveRow } from './queries.ts';

const iso = (d: Date | string | null | undefined) => (d ? new Date(d).toISOString() : null);

export function presentProgramme(p: ProgrammeRow): TProgrammeResponse {
  return {
    id: p.id,
    name: p.name,
    segmentId: p.segment_id,
    segmentName: p.segment_name,
    surveyId: p.survey_id,
    surveyName: p.survey_name,
    channelId: p.channel_id,
    channelName: p.channel_name,
    every: p.every,
    unit: p.unit,
    startsAt: iso(p.starts_at) as string,
    endsAt: iso(p.ends_at),
    samplePercent: Number(p.sample_percent),
    cooldownDays: p.cooldown_days,
    expiresInHours: p.expires_in_hours,
    reminderAfterDays: p.reminder_after_days,
    enabled: p.enabled,
    nextRunAt: iso(p.next_run_at),
    lastWaveAt: iso(p.last_wave_at),
    createdAt: iso(p.created_at) as string,
    updatedAt: iso(p.updated_at) as string,
  };
}

export function presentWave(w: WaveRow): TProgrammeWaveResponse {
  return {
    id: w.id,
    key: w.wave_key,
    manual: w.manual,
    scheduledFor: iso(w.scheduled_for) as string,
    createdAt: iso(w.created_at) as string,
    finishedAt: iso(w.finished_at),
    audience: w.audience,
    sampledOut: w.sampled_out,
    invited: w.invited,
    sent: w.sent,
    suppressed: w.suppressed,
    failed: w.failed,
    completed: w.completed,
    suppressedBy: w.suppressed_by ?? {},
  };
}
