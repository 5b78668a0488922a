/** Response contracts of the org routes: one zod schema per route's answer (ZXxxResponse), its type (TXxxResponse). */
import { z } from 'zod';
import { ZOrgKind } from '../org.ts';

/** An org unit as the API shows it (GET/POST/PATCH/DELETE /org-units/:id answer one). */
export const ZOrgUnitResponse = z.object({
  id: z.string(),
  parentId: z.string().nullable(),
  /** Materialised path of ids from the root, each followed by '/'. */
  path: z.string(),
  depth: z.number(),
  code: z.string(),
  name: z.string(),
  nameEn: z.string().nullable(),
  kind: ZOrgKind,
  status: z.enum(['active', 'archived']),
  /** Street address (shown to inspectors), null when not recorded. */
  address: z.string().nullable(),
  /** Where the unit is; an audit's check-in distance is measured from here. */
  location: z.object({ lat: z.number(), lng: z.number() }).nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type TOrgUnitResponse = z.infer<typeof ZOrgUnitResponse>;

/** GET /org-units: the units in the caller's scope, by depth then code. */
export const ZOrgUnitListResponse = z.object({ items: z.array(ZOrgUnitResponse) });
export type TOrgUnitListResponse = z.infer<typeof ZOrgUnitListResponse>;

/** POST /org-units/import: what the import did (or would do, in a dry run), with each bad row's reason. */
export const ZOrgImportResponse = z.object({
  format: z.enum(['parent-child', 'levels']),
  dryRun: z.boolean(),
  rows: z.number(),
  created: z.number(),
  updated: z.number(),
  unchanged: z.number(),
  errors: z.array(
    z.object({
      /** 1-based data row number as a spreadsheet shows it (header is row 1). */
      row: z.number(),
      field: z.string().optional(),
      reason: z.string(),
    }),
  ),
});
export type TOrgImportResponse = z.infer<typeof ZOrgImportResponse>;
