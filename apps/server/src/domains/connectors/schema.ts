import { MAPPABLE_FIELDS } from '@loopcx/shared';
import { z } from 'zod';
import { WRITABLE_FEEDBACK_SOURCES } from '../feedback/schema.ts';
import { ZWebhookUrl } from '../webhooks/schema.ts';

/**
 * A path into a JSON item: dot-separated keys with optional `[n]` indexes, an optional leading `$.`
 * (`$.data.comment`, `user.name`, `images[0].url`). Keys are letters, digits, `_`, `-` and `:` only.
 */
export const ZJsonPath = z
  .string()
  .trim()
  .min(1)
  .max(200)
  .regex(/^(\$\.)?[\w:-]+(\[\d{1,4}\])*(\.[\w:-]+(\[\d{1,4}\])*)*$/, 'a path like data.comment or items[0].text');

export const ZConnectorMapping = z.partialRecord(z.enum(MAPPABLE_FIELDS), ZJsonPath);
export type TConnectorMapping = z.infer<typeof ZConnectorMapping>;

const base = {
  name: z.string().trim().min(1).max(200),
  source: z.enum(WRITABLE_FEEDBACK_SOURCES),
  channel: z.string().trim().max(100).optional(),
  /** The unit the connector belongs to (its scope, and where its items land): default the caller's unit. */
  orgUnitId: z.uuid().optional(),
  enabled: z.boolean().default(true),
};

export const ZConnectorCreate = z.discriminatedUnion('kind', [
  z
    .object({
      kind: z.literal('webhook'),
      ...base,
      mapping: ZConnectorMapping.refine((m) => !!m.text, 'map the text field'),
      itemsPath: ZJsonPath.optional(),
    })
    .strict(),
  z
    .object({
      kind: z.literal('rss'),
      ...base,
      url: ZWebhookUrl,
      pollMinutes: z.number().int().min(1).max(1440).default(15),
    })
    .strict(),
  z
    .object({
      kind: z.literal('json_api'),
      ...base,
      url: ZWebhookUrl,
      pollMinutes: z.number().int().min(1).max(1440).default(15),
      mapping: ZConnectorMapping.refine((m) => !!m.text && !!m.externalId, 'map the text and externalId fields'),
      itemsPath: ZJsonPath.optional(),
      cursorParam: z
        .string()
        .trim()
        .regex(/^[\w.-]{1,50}$/, 'a query parameter name')
        .optional(),
      cursorPath: ZJsonPath.optional(),
    })
    .strict(),
]);
export type TConnectorCreate = z.infer<typeof ZConnectorCreate>;

export const ZConnectorUpdate = z
  .object({
    name: base.name,
    channel: z.string().trim().max(100).nullable(),
    enabled: z.boolean(),
    url: ZWebhookUrl,
    pollMinutes: z.number().int().min(1).max(1440),
    mapping: ZConnectorMapping,
    itemsPath: ZJsonPath.nullable(),
    cursorParam: z
      .string()
      .trim()
      .regex(/^[\w.-]{1,50}$/)
      .nullable(),
    cursorPath: ZJsonPath.nullable(),
    /** Clears the cursor: the next poll starts from the beginning (stored items are still de-duplicated). */
    resetCursor: z.literal(true),
  })
  .partial()
  .strict();
export type TConnectorUpdate = z.infer<typeof ZConnectorUpdate>;
