import { z } from 'zod';

export const ORG_KINDS = ['hq', 'region', 'city', 'store', 'department'] as const;
export const ZOrgKind = z.enum(ORG_KINDS);
export type TOrgKind = z.infer<typeof ZOrgKind>;

/** Unit codes: letters, digits, dot, dash, underscore (e.g. `SH-01`). */
export const ZOrgCode = z
  .string()
  .trim()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'use letters, digits, ".", "-" or "_"');

/** A unit's position (WGS-84 degrees, as a phone reports it). */
export const ZOrgLocation = z.object({ lat: z.number().min(-90).max(90), lng: z.number().min(-180).max(180) }).strict();
export type TOrgLocation = z.infer<typeof ZOrgLocation>;

export const ZOrgUnitCreate = z.object({
  parentId: z.uuid().nullable().optional(),
  code: ZOrgCode,
  name: z.string().trim().min(1).max(200),
  nameEn: z.string().trim().max(200).nullable().optional(),
  kind: ZOrgKind,
  address: z.string().trim().max(300).nullable().optional(),
  location: ZOrgLocation.nullable().optional(),
});
export type TOrgUnitCreate = z.infer<typeof ZOrgUnitCreate>;

export const ZOrgUnitUpdate = z
  .object({
    parentId: z.uuid().optional(),
    code: ZOrgCode.optional(),
    name: z.string().trim().min(1).max(200).optional(),
    nameEn: z.string().trim().max(200).nullable().optional(),
    kind: ZOrgKind.optional(),
    status: z.enum(['active', 'archived']).optional(),
    address: z.string().trim().max(300).nullable().optional(),
    location: ZOrgLocation.nullable().optional(),
  })
  .strict();
export type TOrgUnitUpdate = z.infer<typeof ZOrgUnitUpdate>;

export interface TOrgUnit {
  id: string;
  parentId: string | null;
  path: string;
  depth: number;
  code: string;
  name: string;
  nameEn: string | null;
  kind: TOrgKind;
  status: 'active' | 'archived';
  address: string | null;
  location: TOrgLocation | null;
  createdAt: string;
  updatedAt: string;
}
