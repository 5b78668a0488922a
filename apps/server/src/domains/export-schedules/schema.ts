import { isAbsolute } from 'node:path';
import { EXPORT_DATASETS, EXPORT_EVERY, EXPORT_FORMATS } from '@loopcx/shared';
import { z } from 'zod';

/**
 * A folder below the operator's LOOPCX_EXPORT_DIR: relative, no `..` segment, no NUL. Where it really lands is
 * checked again when a run writes (symlinks included), so this is the first of two fences.
 */
const ZRelativeFolder = z
  .string()
  .trim()
  .min(1)
  .max(300)
  .refine(
    (p) => !isAbsolute(p) && !/^[a-zA-Z]:/.test(p) && !p.split(/[\\/]/).includes('..') && !p.includes('\0'),
    'must be a folder below the export root (LOOPCX_EXPORT_DIR): relative, without ".."',
  );

/** An upload URL: syntax only here; whether it may be reached is decided when sending (platform/outbound.ts). */
const ZUploadUrl = z
  .url({ protocol: /^https?$/, error: 'must be an https URL' })
  .max(2000)
  .refine((u) => {
    if (!URL.canParse(u)) return true;
    const { username, password } = new URL(u);
    return !username && !password;
  }, 'must not contain credentials (user:password@)');

export const ZExportDestination = z.discriminatedUnion(
  'kind',
  [
    z.object({ kind: z.literal('directory'), path: ZRelativeFolder }).strict(),
    z.object({ kind: z.literal('https'), url: ZUploadUrl }).strict(),
  ],
  { error: 'destination must be {"kind":"directory","path"} or {"kind":"https","url"}' },
);
export type TExportDestinationInput = z.infer<typeof ZExportDestination>;

export const ZExportScheduleCreate = z
  .object({
    name: z.string().trim().max(200).default(''),
    dataset: z.enum(EXPORT_DATASETS),
    format: z.enum(EXPORT_FORMATS),
    every: z.enum(EXPORT_EVERY),
    destination: ZExportDestination,
    /** The unit whose subtree is exported: default the caller's unit. */
    orgUnitId: z.uuid().optional(),
    enabled: z.boolean().default(true),
  })
  .strict();
export type TExportScheduleCreate = z.infer<typeof ZExportScheduleCreate>;

/** The dataset and unit stay: the watermark belongs to them (a new feed is a new schedule). */
export const ZExportScheduleUpdate = z
  .object({
    name: z.string().trim().max(200).optional(),
    format: z.enum(EXPORT_FORMATS).optional(),
    every: z.enum(EXPORT_EVERY).optional(),
    destination: ZExportDestination.optional(),
    enabled: z.boolean().optional(),
  })
  .strict();
export type TExportScheduleUpdate = z.infer<typeof ZExportScheduleUpdate>;
