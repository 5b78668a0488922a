import { z } from 'zod';

/** A programme's schedule unit: a wave every N of these from the start. */
export const PROGRAMME_UNITS = ['day', 'week', 'month', 'quarter'] as const;
export const ZProgrammeUnit = z.enum(PROGRAMME_UNITS);
export type TProgrammeUnit = z.infer<typeof ZProgrammeUnit>;

const ZName = z.string().trim().min(1).max(200);
const ZInstant = z.iso.datetime({ offset: true });

const programmeFields = {
  name: ZName,
  /** The saved customer segment invited by each wave (evaluated afresh at each wave). */
  segmentId: z.uuid(),
  surveyId: z.uuid(),
  channelId: z.uuid(),
  every: z.number().int().min(1).max(366),
  unit: ZProgrammeUnit,
  /** The first wave's time; later ones follow every `every` units (UTC calendar for months and quarters). */
  startsAt: ZInstant,
  /** No wave at or after this time: the programme's expiry. */
  endsAt: ZInstant.nullable().optional(),
  samplePercent: z.number().gt(0).max(100).optional(),
  /** Days within which a customer this programme invited is not invited again by it (reason `cooldown`). */
  cooldownDays: z.number().int().min(0).max(3650).optional(),
  /** How long each invitation's link stays valid. */
  expiresInHours: z.number().int().min(1).max(8760).nullable().optional(),
  reminderAfterDays: z.number().int().min(1).max(60).nullable().optional(),
  enabled: z.boolean().optional(),
};

/** POST /programmes. */
export const ZProgrammeCreate = z.object(programmeFields).strict();
export type TProgrammeCreate = z.infer<typeof ZProgrammeCreate>;
/** PATCH /programmes/:id: the fields given change; null clears a nullable one. */
export const ZProgrammeUpdate = z.object(programmeFields).partial().strict();
export type TProgrammeUpdate = z.infer<typeof ZProgrammeUpdate>;

/** A programme. */
export const ZProgrammeResponse = z.object({
  id: z.string(),
  name: z.string(),
  segmentId: z.string(),
  segmentName: z.string(),
  surveyId: z.string(),
  surveyName: z.string(),
  channelId: z.string(),
  channelName: z.string(),
  every: z.number().int(),
  unit: ZProgrammeUnit,
  startsAt: z.string(),
  endsAt: z.string().nullable(),
  samplePercent: z.number(),
  cooldownDays: z.number().int(),
  expiresInHours: z.number().int().nullable(),
  reminderAfterDays: z.number().int().nullable(),
  enabled: z.boolean(),
  /** The next scheduled wave; null once expired. */
  nextRunAt: z.string().nullable(),
  lastWaveAt: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type TProgrammeResponse = z.infer<typeof ZProgrammeResponse>;
export const ZProgrammeListResponse = z.object({ items: z.array(ZProgrammeResponse) });

/** One wave of a programme with what became of its invitations. */
export const ZProgrammeWaveResponse = z.object({
  id: z.string(),
  key: z.string(),
  manual: z.boolean(),
  scheduledFor: z.string(),
  createdAt: z.string(),
  finishedAt: z.string().nullable(),
  /** Segment members walked so far. */
  audience: z.number().int(),
  /** Members left out by sampling. */
  sampledOut: z.number().int(),
  /** Invitations decided to go out (scheduled, sent or further). */
  invited: z.number().int(),
  sent: z.number().int(),
  suppressed: z.number().int(),
  failed: z.number().int(),
  completed: z.number().int(),
  /** Suppressed invitations by reason (`frequency`, `cooldown`, `opted_out`…). */
  suppressedBy: z.record(z.string(), z.number().int()),
});
export type TProgrammeWaveResponse = z.infer<typeof ZProgrammeWaveResponse>;
export const ZProgrammeWaveListResponse = z.object({ items: z.array(ZProgrammeWaveResponse) });

/** POST /programmes/:id/preview: who a wave would invite now (nothing is written). */
export const ZProgrammePreviewResponse = z.object({
  /** Segment members now. */
  audience: z.number().int(),
  /** Members evaluated (the first ones by id, at most 1,000). */
  evaluated: z.number().int(),
  send: z.number().int(),
  suppressed: z.number().int(),
  sampledOut: z.number().int(),
  suppressedBy: z.record(z.string(), z.number().int()),
  items: z.array(
    z.object({
      customerId: z.string(),
      name: z.string().nullable(),
      member: z.string().nullable(),
      outcome: z.enum(['send', 'suppressed', 'sampled_out']),
      reason: z.string().nullable(),
    }),
  ),
});
export type TProgrammePreviewResponse = z.infer<typeof ZProgrammePreviewResponse>;
