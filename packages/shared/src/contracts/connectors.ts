/** Response contracts of the feedback-connector routes (issue 18: inbound connectors). */
import { z } from 'zod';

/** How a connector gets feedback: pushed to an inbound webhook, or polled from an RSS/Atom feed or a JSON API. */
export const CONNECTOR_KINDS = ['webhook', 'rss', 'json_api'] as const;

/** Feedback fields a mapping may fill, each from a path in the source's item (the create form offers these). */
export const MAPPABLE_FIELDS = [
  'text',
  'externalId',
  'author',
  'rating',
  'url',
  'occurredAt',
  'channel',
  'customerRef',
  'orgUnitCode',
] as const;

/** A feedback connector: an inbound webhook, an RSS/Atom poller or a JSON-API poller. Never its secret. */
export const ZConnectorResponse = z.object({
  id: z.string(),
  name: z.string(),
  kind: z.enum(CONNECTOR_KINDS),
  source: z.string(),
  channel: z.string().nullable(),
  orgUnit: z.object({ id: z.string(), name: z.string() }),
  enabled: z.boolean(),
  /** Pollers: the feed or API address. */
  url: z.string().nullable(),
  /** Inbound webhooks: the path the source posts to (`/api/v1/inbound/<id>`). */
  inboundPath: z.string().nullable(),
  mapping: z.record(z.string(), z.string()),
  itemsPath: z.string().nullable(),
  cursorParam: z.string().nullable(),
  cursorPath: z.string().nullable(),
  cursor: z.string().nullable(),
  pollMinutes: z.number(),
  nextPollAt: z.string().nullable(),
  lastRunAt: z.string().nullable(),
  lastStatus: z.enum(['ok', 'error']).nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type TConnectorResponse = z.infer<typeof ZConnectorResponse>;

/** POST /feedback-connectors (and rotate-secret): an inbound webhook's secret is answered here once. */
export const ZConnectorWithSecretResponse = ZConnectorResponse.extend({ secret: z.string().nullable() });
export type TConnectorWithSecretResponse = z.infer<typeof ZConnectorWithSecretResponse>;

export const ZConnectorListResponse = z.object({ items: z.array(ZConnectorResponse) });
export type TConnectorListResponse = z.infer<typeof ZConnectorListResponse>;

/** One poll or accepted inbound message. */
export const ZConnectorRunResponse = z.object({
  id: z.string(),
  trigger: z.enum(['schedule', 'manual', 'inbound']),
  status: z.enum(['ok', 'error']),
  messageId: z.string().nullable(),
  startedAt: z.string(),
  finishedAt: z.string(),
  fetched: z.number(),
  stored: z.number(),
  duplicates: z.number(),
  rejected: z.number(),
  cursorBefore: z.string().nullable(),
  cursorAfter: z.string().nullable(),
  error: z.string().nullable(),
});
export type TConnectorRunResponse = z.infer<typeof ZConnectorRunResponse>;

export const ZConnectorRunListResponse = z.object({ items: z.array(ZConnectorRunResponse) });
export type TConnectorRunListResponse = z.infer<typeof ZConnectorRunListResponse>;

/** POST /feedback-connectors/:id/poll: what the poll did (`ran: false` when another poll held the connector). */
export const ZConnectorPollResponse = z.object({
  ran: z.boolean(),
  runId: z.string().optional(),
  status: z.enum(['ok', 'error']).optional(),
  fetched: z.number(),
  stored: z.number(),
  duplicates: z.number(),
  rejected: z.number(),
  cursor: z.string().nullable(),
  error: z.string().optional(),
});
export type TConnectorPollResponse = z.infer<typeof ZConnectorPollResponse>;

/** POST /inbound/:connectorId: what one signed message stored. */
export const ZInboundResponse = z.object({
  /** True when this webhook-id was already accepted (a retry or replay): nothing was stored again. */
  duplicate: z.boolean(),
  received: z.number(),
  stored: z.number(),
  duplicates: z.number(),
  rejected: z.number(),
  errors: z.array(z.object({ index: z.number(), reason: z.string() })),
});
export type TInboundResponse = z.infer<typeof ZInboundResponse>;
