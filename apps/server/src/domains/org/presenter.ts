import type { TOrgUnit, TOrgUnitResponse } from '@loopcx/shared';

export interface OrgUnitRow {
  id: string;
  parent_id: string | null;
  path: string;
  depth: number;
  code: string;
  name: string;
  name_en: string | null;
  kind: TOrgUnit['kind'];
  status: TOrgUnit['status'];
  address: string | null;
  lat: number | null;
  lng: number | null;
  created_at: Date | string;
  updated_at: Date | string;
}

const iso = (d: Date | string) => (d instanceof Date ? d.toISOString() : new Date(d).toISOString());

/** An org_units row as the API answers it (the org contract's shape). */
export function presentOrgUnit(r: OrgUnitRow): TOrgUnitResponse {
  return {
    id: r.id,
    parentId: r.parent_id,
    path: r.path,
    depth: r.depth,
    code: r.code,
    name: r.name,
    nameEn: r.name_en,
    kind: r.kind,
    status: r.status,
    address: r.address,
    location: r.lat === null || r.lng === null ? null : { lat: Number(r.lat), lng: Number(r.lng) },
    createdAt: iso(r.created_at),
    updatedAt: iso(r.updated_at),
  };
}

export const ORG_COLUMNS =
  'o.id, o.parent_id, o.path, o.depth, o.code, o.name, o.name_en, o.kind, o.status, o.address, o.lat, o.lng, ' +
  'o.created_at, o.updated_at';
