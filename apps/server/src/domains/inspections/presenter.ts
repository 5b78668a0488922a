import type { TAudit, TAuditDetail, TChecklist, TChecklistItem, TPublicAudit } from '@loopcx/shared';

export interface ChecklistRow {
  id: string;
  name: string;
  description: string | null;
  journey_id: string | null;
  blueprint_id: string | null;
  unit_kinds: string[];
  version: number;
  archived: boolean;
  items: TChecklistItem[];
  audit_count: number | string;
  owner_id: string | null;
  repeat_threshold: number;
  repeat_window_days: number;
  created_at: Date | string;
  updated_at: Date | string;
}

export interface AuditRow {
  id: string;
  checklist_id: string;
  checklist_name: string;
  checklist_version: number;
  org_unit_id: string;
  unit_code: string;
  unit_name: string;
  unit_name_en: string | null;
  unit_address: string | null;
  unit_lat: number | null;
  unit_lng: number | null;
  unit_path: string;
  kind: TAudit['kind'];
  status: TAudit['status'];
  inspector_id: string | null;
  inspector_name: string | null;
  external: boolean;
  due_at: Date | string | null;
  overdue: boolean | null;
  plan_id: string | null;
  checked_in_at: Date | string | null;
  check_in_lat: number | null;
  check_in_lng: number | null;
  check_in_distance_m: number | null;
  submitted_at: Date | string | null;
  idempotency_key: string | null;
  score: number | null;
  fatal_failures: number;
  general_failed: number;
  general_applicable: number;
  ticket_ids: string[] | null;
  created_at: Date | string;
  calibration_of: string | null;
  calibration_partner_id: string | null;
}

export interface ResultRow {
  code: string;
  result: 'pass' | 'fail' | 'na';
  note: string | null;
  ticket_id: string | null;
}

export interface PhotoRow {
  id: string;
  audit_id: string;
  item_code: string | null;
  file_ref: string;
  content_type: string;
}

const iso = (d: Date | string | null) => (d ? new Date(d).toISOString() : null);

export function presentChecklist(c: ChecklistRow): TChecklist {
  return {
    id: c.id,
    name: c.name,
    description: c.description,
    journeyId: c.journey_id,
    blueprintId: c.blueprint_id,
    unitKinds: c.unit_kinds,
    version: c.version,
    archived: c.archived,
    // Items written before blueprints carry no nodeId.
    items: c.items.map((i) => ({ ...i, nodeId: i.nodeId ?? null })),
    auditCount: Number(c.audit_count),
    ownerId: c.owner_id,
    repeatThreshold: c.repeat_threshold,
    repeatWindowDays: c.repeat_window_days,
    createdAt: iso(c.created_at)!,
    updatedAt: iso(c.updated_at)!,
  };
}

export const photoUrl = (auditId: string, photoId: string) => `/api/v1/audits/${auditId}/photos/${photoId}`;

/** An audit as lists show it; `url` is the external inspector's signed link when the caller may see it. */
export function presentAudit(a: AuditRow, url: string | null = null): TAudit {
  return {
    id: a.id,
    checklistId: a.checklist_id,
    checklistName: a.checklist_name,
    checklistVersion: a.checklist_version,
    orgUnitId: a.org_unit_id,
    orgUnit: {
      id: a.org_unit_id,
      code: a.unit_code,
      name: a.unit_name,
      nameEn: a.unit_name_en,
      address: a.unit_address,
    },
    kind: a.kind,
    status: a.status,
    inspectorId: a.inspector_id,
    inspectorName: a.inspector_name,
    external: a.external,
    dueAt: iso(a.due_at),
    overdue: a.overdue === true,
    planId: a.plan_id,
    url,
    checkIn: a.checked_in_at
      ? {
          at: iso(a.checked_in_at)!,
          lat: a.check_in_lat,
          lng: a.check_in_lng,
          distanceM: a.check_in_distance_m,
        }
      : null,
    submittedAt: iso(a.submitted_at),
    score: a.score,
    fatalFailures: a.fatal_failures,
    generalFailed: a.general_failed,
    generalApplicable: a.general_applicable,
    ticketIds: a.ticket_ids ?? [],
    createdAt: iso(a.created_at)!,
    calibrationOf: a.calibration_of,
    calibrationPartnerId: a.calibration_partner_id,
  };
}

/** An audit with every item of its pinned version, the answer given (null before submit), photos and ticket. */
export function presentAuditDetail(
  a: AuditRow,
  items: TChecklistItem[],
  results: ResultRow[],
  photos: PhotoRow[],
  url: string | null = null,
): TAuditDetail {
  const byCode = new Map(results.map((r) => [r.code, r]));
  return {
    ...presentAudit(a, url),
    items: items.map((item) => {
      const r = byCode.get(item.code);
      return {
        ...item,
        nodeId: item.nodeId ?? null,
        result: r?.result ?? null,
        note: r?.note ?? null,
        ticketId: r?.ticket_id ?? null,
        photos: photos
          .filter((p) => p.item_code === item.code)
          .map((p) => ({ id: p.id, itemCode: p.item_code, url: photoUrl(a.id, p.id) })),
      };
    }),
  };
}

/**
 * The audit as its external inspector sees it through the link (`token`): photos are served under the link, and
 * nothing names the tenant's people or tickets.
 */
export function presentPublicAudit(
  a: AuditRow,
  token: string,
  items: TChecklistItem[],
  results: ResultRow[],
  photos: PhotoRow[],
): TPublicAudit {
  const byCode = new Map(results.map((r) => [r.code, r]));
  const photo = (p: PhotoRow) => ({
    id: p.id,
    itemCode: p.item_code,
    url: `/api/v1/public/audits/${token}/photos/${p.id}`,
  });
  const codes = new Set(items.map((i) => i.code));
  return {
    id: a.id,
    kind: a.kind,
    status: a.status,
    checklistName: a.checklist_name,
    orgUnit: { code: a.unit_code, name: a.unit_name, nameEn: a.unit_name_en, address: a.unit_address },
    inspectorName: a.inspector_name,
    dueAt: iso(a.due_at),
    checkIn: a.checked_in_at
      ? { at: iso(a.checked_in_at)!, lat: a.check_in_lat, lng: a.check_in_lng, distanceM: a.check_in_distance_m }
      : null,
    submittedAt: iso(a.submitted_at),
    score: a.score,
    fatalFailures: a.fatal_failures,
    items: items.map((item) => {
      const r = byCode.get(item.code);
      return {
        ...item,
        result: r?.result ?? null,
        note: r?.note ?? null,
        photos: photos.filter((p) => p.item_code === item.code).map(photo),
      };
    }),
    loosePhotos: photos.filter((p) => !p.item_code || !codes.has(p.item_code)).map(photo),
  };
}
