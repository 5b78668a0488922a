/** Response contracts of the journeys routes: one zod schema per route's answer (ZXxxResponse), its type (TXxxResponse). */
import { z } from 'zod';
import { CHANNELS, PRIMARY_METRICS } from '../journeys.ts';

/** A team or user named in a touchpoint's RACI. */
const ZParty = z.object({ id: z.string(), kind: z.enum(['team', 'user']), name: z.string() });

/** A touchpoint with owner team, RACI parties and links (GET/POST/PATCH /touchpoints/:id). */
export const ZTouchpointResponse = z.object({
  id: z.string(),
  journeyId: z.string().nullable(),
  stageId: z.string().nullable(),
  position: z.number(),
  code: z.string(),
  name: z.string(),
  nameEn: z.string().nullable(),
  description: z.string().nullable(),
  channel: z.enum(CHANNELS),
  ownerTeamId: z.string().nullable(),
  ownerTeam: z.object({ id: z.string(), name: z.string() }).nullable(),
  raci: z.object({
    responsible: z.array(ZParty),
    accountable: z.array(ZParty),
    consulted: z.array(ZParty),
    informed: z.array(ZParty),
  }),
  links: z.object({
    surveys: z.array(z.object({ id: z.string(), name: z.string() })),
    metrics: z.array(z.string()),
    eventTypes: z.array(z.string()),
  }),
  primaryMetric: z.enum(PRIMARY_METRICS),
  target: z.number().nullable(),
  status: z.enum(['active', 'archived']),
});
export type TTouchpointResponse = z.infer<typeof ZTouchpointResponse>;

/** GET /touchpoints: in journey and stage order. */
export const ZTouchpointListResponse = z.object({ items: z.array(ZTouchpointResponse) });
export type TTouchpointListResponse = z.infer<typeof ZTouchpointListResponse>;

/** A journey with its ordered stages and each stage's touchpoints (GET/POST/PATCH /journeys/:id, stage edits). */
export const ZJourneyResponse = z.object({
  id: z.string(),
  name: z.string(),
  nameEn: z.string().nullable(),
  description: z.string().nullable(),
  status: z.enum(['active', 'archived']),
  updatedAt: z.string(),
  stages: z.array(
    z.object({
      id: z.string(),
      journeyId: z.string(),
      name: z.string(),
      nameEn: z.string().nullable(),
      position: z.number(),
      touchpoints: z.array(ZTouchpointResponse),
    }),
  ),
});
export type TJourneyResponse = z.infer<typeof ZJourneyResponse>;

/** GET /journeys: journeys in creation order. */
export const ZJourneyListResponse = z.object({ items: z.array(ZJourneyResponse) });
export type TJourneyListResponse = z.infer<typeof ZJourneyListResponse>;

/** One touchpoint card on the journey map (the shape of TMapTouchpoint). */
export const ZMapTouchpointResponse = z.object({
  id: z.string(),
  code: z.string(),
  name: z.string(),
  nameEn: z.string().nullable(),
  channel: z.enum(CHANNELS),
  ownerTeam: z.object({ id: z.string(), name: z.string() }).nullable(),
  metric: z.enum(PRIMARY_METRICS),
  value: z.number().nullable(),
  n: z.number(),
  ci: z.tuple([z.number(), z.number()]).nullable(),
  suppressed: z.boolean(),
  previous: z.number().nullable(),
  change: z.number().nullable(),
  significant: z.boolean(),
  target: z.number().nullable(),
  gap: z.number().nullable(),
  /** Share of analysed comments that are negative (null until any comment is analysed). */
  negativeShare: z.number().nullable(),
  comments: z.number(),
  topNegativeTopic: z
    .object({ topic: z.string(), topicEn: z.string().nullable(), code: z.string(), count: z.number() })
    .nullable(),
});

/** GET /journeys/:id/map: each stage's touchpoint cards for a unit subtree and period. */
export const ZJourneyMapResponse = z.object({
  journey: z.object({
    id: z.string(),
    name: z.string(),
    nameEn: z.string().nullable(),
    status: z.enum(['active', 'archived']),
  }),
  orgUnit: z.object({ id: z.string(), name: z.string(), nameEn: z.string().nullable() }),
  from: z.string(),
  to: z.string(),
  previous: z.object({ from: z.string(), to: z.string() }),
  minN: z.number(),
  stages: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      nameEn: z.string().nullable(),
      position: z.number(),
      touchpoints: z.array(ZMapTouchpointResponse),
    }),
  ),
});
export type TJourneyMapResponse = z.infer<typeof ZJourneyMapResponse>;
