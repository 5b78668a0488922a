import { z } from 'zod';
import { ZEventTypeKey } from './events.ts';

/** How a customer meets a touchpoint. */
export const CHANNELS = ['physical', 'digital', 'interpersonal'] as const;
export const ZChannel = z.enum(CHANNELS);

/** The metric a touchpoint's card shows on the journey map (higher is better for each). */
export const PRIMARY_METRICS = ['csat', 'nps', 'ces'] as const;
export const ZPrimaryMetric = z.enum(PRIMARY_METRICS);

const name = z.string().trim().min(1).max(200);
const nameEn = z.string().trim().max(200).nullable().optional();
const description = z.string().trim().max(2000).nullable().optional();

export const ZJourneyCreate = z.object({ name, nameEn, description }).strict();
export const ZJourneyUpdate = z
  .object({ name: name.optional(), nameEn, description, status: z.enum(['active', 'archived']).optional() })
  .strict();
export type TJourneyCreate = z.infer<typeof ZJourneyCreate>;
export type TJourneyUpdate = z.infer<typeof ZJourneyUpdate>;

export const ZStageCreate = z.object({ name, nameEn, position: z.number().int().min(0).max(100).optional() }).strict();
export const ZStageUpdate = z.object({ name: name.optional(), nameEn }).strict();
export const ZStageOrder = z.object({ stageIds: z.array(z.uuid()).min(1).max(100) }).strict();

/** Responsibilities: team or user ids per RACI role; each id must be a team or user of the tenant. */
const ids = z.array(z.uuid()).max(50).default([]);
export const ZRaci = z.object({ responsible: ids, accountable: ids, consulted: ids, informed: ids }).strict();
export type TRaci = z.infer<typeof ZRaci>;
export const RACI_ROLES = ['responsible', 'accountable', 'consulted', 'informed'] as const;

/** Metric keys: built-in (nps, csat, ces, responses, rating:<q>) or a tenant metric key (cpo). */
export const ZMetricRef = z
  .string()
  .regex(/^(?:[a-z][a-z0-9_]{0,62}|rating:[\w-]{1,100})$/, 'a metric key such as csat, nps or cpo');

export const ZTouchpointLinks = z
  .object({
    surveys: z.array(z.uuid()).max(50).default([]),
    metrics: z.array(ZMetricRef).max(50).default([]),
    eventTypes: z.array(ZEventTypeKey).max(50).default([]),
  })
  .strict();

const tpFields = {
  code: z
    .string()
    .trim()
    .min(1)
    .max(64)
    .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'use letters, digits, ".", "-" or "_"'),
  name,
  nameEn,
  description,
  channel: ZChannel,
  /** A stage of a journey; null for a touchpoint outside any journey (e.g. the service hotline). */
  stageId: z.uuid().nullable(),
  position: z.number().int().min(0).max(1000),
  ownerTeamId: z.uuid().nullable(),
  raci: ZRaci,
  links: ZTouchpointLinks,
  primaryMetric: ZPrimaryMetric,
  /** Target in the primary metric's unit: CSAT %, NPS −100…100, CES mean. */
  target: z.number().min(-100).max(100).nullable(),
};
export const ZTouchpointCreate = z
  .object({
    ...tpFields,
    stageId: tpFields.stageId.optional(),
    position: tpFields.position.optional(),
    ownerTeamId: tpFields.ownerTeamId.optional(),
    raci: tpFields.raci.optional(),
    links: tpFields.links.optional(),
    primaryMetric: tpFields.primaryMetric.optional(),
    target: tpFields.target.optional(),
  })
  .strict();
export const ZTouchpointUpdate = z
  .object(tpFields)
  .partial()
  .extend({ status: z.enum(['active', 'archived']).optional() })
  .strict();
export type TTouchpointCreate = z.infer<typeof ZTouchpointCreate>;
export type TTouchpointUpdate = z.infer<typeof ZTouchpointUpdate>;

/** One touchpoint card on the journey map. */
export interface TMapTouchpoint {
  id: string;
  code: string;
  name: string;
  nameEn: string | null;
  channel: (typeof CHANNELS)[number];
  ownerTeam: { id: string; name: string } | null;
  metric: (typeof PRIMARY_METRICS)[number];
  value: number | null;
  n: number;
  ci: [number, number] | null;
  suppressed: boolean;
  previous: number | null;
  change: number | null;
  significant: boolean;
  target: number | null;
  gap: number | null;
  /** Share of analysed comments that are negative (null until any comment is analysed). */
  negativeShare: number | null;
  comments: number;
  topNegativeTopic: { topic: string; topicEn: string | null; code: string; count: number } | null;
}
