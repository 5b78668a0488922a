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

export const ZOrgUnitCreate = z.object({
  parentId: z.uuid().nullable().optional(),
  code: ZOrgCode,
  name: z.string().trim().min(1).max(200),
  nameEn: z.string().trim().max(200).nullable().optional(),
  kind: ZOrgKind,
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
  createdAt: string;
  updatedAt: string;
}
