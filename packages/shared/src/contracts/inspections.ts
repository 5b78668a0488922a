import { z } from 'zod';

/**
 * Contracts of service quality assurance (issue 22, slice 1): checklists of fatal and general items, audits of a
 * unit against a checklist (mystery shop, sampling check, self-inspection, rehearsal) done by an inspector on a
 * phone, and the audit indicators of the metrics engine (`audit.fatal_error_rate`, `audit.general_error_rate`,
 * `audit.score`). Routes: `/api/v1/checklists`, `/api/v1/audits`.
 */

export const AUDIT_KINDS = ['mystery_shop', 'sampling', 'self_inspection', 'rehearsal'] as const;
export type TAuditKind = (typeof AUDIT_KINDS)[number];
export const ITEM_SEVERITIES = ['fatal', 'general'] as const;
/** What an inspector must attach when the item fails: nothing, a photo, or a note. */
export const ITEM_EVIDENCE = ['none', 'photo', 'note'] as const;
export const AUDIT_RESULTS = ['pass', 'fail', 'na'] as const;
export type TAuditResult = (typeof AUDIT_RESULTS)[number];
/** assigned → (checked in) → submitted; an assigned audit can be cancelled. */
export const AUDIT_STATUSES = ['assigned', 'submitted', 'cancelled'] as const;
/** Audit metric names the metrics engine accepts (`POST /metrics/query`). */
export const AUDIT_METRICS = ['audit.fatal_error_rate', 'audit.general_error_rate', 'audit.score'] as const;

const ZItemCode = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,39}$/, 'letters, digits, _ . - (up to 40)');

/** A checklist item as written (POST / PATCH). `text` is the zh-CN (or only) wording, `textEn` the English. */
export const ZChecklistItemInput = z
  .object({
    code: ZItemCode,
    text: z.string().trim().min(1).max(500),
    textEn: z.string().trim().min(1).max(500).optional(),
    severity: z.enum(ITEM_SEVERITIES),
    weight: z.number().positive().max(100).default(1),
    evidence: z.enum(ITEM_EVIDENCE).default('none'),
    /** The process step the item checks (e.g. "迎宾 / Greeting"); items group by it on the inspector's page. */
    section: z.string().trim().min(1).max(80).optional(),
    /** The node of the checklist's blueprint (`blueprintId`) the item checks; drives `groupBy: 'node'`. */
    nodeId: z
      .string()
      .regex(/^[a-z][a-z0-9_-]{0,39}$/)
      .optional(),
  })
  .strict();
export type TChecklistItemInput = z.input<typeof ZChecklistItemInput>;

const uniqueCodes = (items: { code: string }[]) => new Set(items.map((i) => i.code)).size === items.length;

export const ZNewChecklist = z
  .object({
    name: z.string().trim().min(1).max(120),
    description: z.string().max(2000).optional(),
    journeyId: z.uuid().optional(),
    /** The process blueprint whose nodes the items' `nodeId`s name. */
    blueprintId: z.uuid().optional(),
    /** Org unit kinds the checklist applies to (e.g. ["store"]); empty = any unit. */
    unitKinds: z.array(z.string().min(1).max(40)).max(10).default([]),
    items: z.array(ZChecklistItemInput).min(1).max(200).refine(uniqueCodes, 'item codes must be unique'),
    /** The process owner: repeated general failures of an item raise a problem they own (default: the author). */
    ownerId: z.uuid().optional(),
    /** A problem is raised when one general item fails in this many submitted audits … */
    repeatThreshold: z.number().int().min(2).max(100).optional(),
    /** … within this many days. */
    repeatWindowDays: z.number().int().min(1).max(365).optional(),
  })
  .strict();

/** PATCH: changing `items` makes a new version; audits already made keep the items they were made with. */
export const ZChecklistPatch = z
  .object({
    name: z.string().trim().min(1).max(120).optional(),
    description: z.string().max(2000).nullable().optional(),
    journeyId: z.uuid().nullable().optional(),
    blueprintId: z.uuid().nullable().optional(),
    unitKinds: z.array(z.string().min(1).max(40)).max(10).optional(),
    items: z.array(ZChecklistItemInput).min(1).max(200).refine(uniqueCodes, 'item codes must be unique').optional(),
    archived: z.boolean().optional(),
    ownerId: z.uuid().nullable().optional(),
    repeatThreshold: z.number().int().min(2).max(100).optional(),
    repeatWindowDays: z.number().int().min(1).max(365).optional(),
  })
  .strict();

export const ZChecklistItem = z.object({
  code: z.string(),
  text: z.string(),
  textEn: z.string().nullable(),
  severity: z.enum(ITEM_SEVERITIES),
  weight: z.number(),
  evidence: z.enum(ITEM_EVIDENCE),
  section: z.string().nullable(),
  nodeId: z.string().nullable(),
});
export type TChecklistItem = z.infer<typeof ZChecklistItem>;

export const ZChecklist = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string().nullable(),
  journeyId: z.string().nullable(),
  blueprintId: z.string().nullable(),
  unitKinds: z.array(z.string()),
  version: z.number(),
  archived: z.boolean(),
  items: z.array(ZChecklistItem),
  /** Audits made with any version of this checklist. */
  auditCount: z.number(),
  /** The process owner (null: the author owns the problems its repeated failures raise). */
  ownerId: z.string().nullable(),
  repeatThreshold: z.number(),
  repeatWindowDays: z.number(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type TChecklist = z.infer<typeof ZChecklist>;
export const ZChecklistList = z.object({ items: z.array(ZChecklist) });

/** An inspector from outside the tenant (a mystery-shopping agency's shopper). */
export const ZExternalInspector = z
  .object({
    name: z.string().trim().min(1).max(120),
    email: z.email().max(254).optional(),
  })
  .strict();
export type TExternalInspector = z.infer<typeof ZExternalInspector>;

export const ZNewAudit = z
  .object({
    checklistId: z.uuid(),
    orgUnitId: z.uuid(),
    kind: z.enum(AUDIT_KINDS),
    /** The internal inspector (a user of the tenant); default: the caller unless `external` is given. */
    inspectorId: z.uuid().optional(),
    /** An external inspector (a mystery shopper, not a user): they open the audit through a signed link. */
    external: ZExternalInspector.optional(),
    dueAt: z.iso.datetime({ offset: true }).optional(),
  })
  .strict()
  .refine((b) => !(b.inspectorId && b.external), {
    message: 'give either inspectorId or external, not both',
    path: ['external'],
  });

export const ZAuditCheckIn = z
  .object({
    lat: z.number().min(-90).max(90).optional(),
    lng: z.number().min(-180).max(180).optional(),
    accuracyM: z.number().min(0).max(100_000).optional(),
  })
  .strict();

export const ZAuditResultInput = z
  .object({
    code: ZItemCode,
    result: z.enum(AUDIT_RESULTS),
    note: z.string().max(2000).optional(),
    /** Photos uploaded to this audit (`POST /audits/:id/photos`) that are evidence for this item. */
    photoIds: z.array(z.uuid()).max(10).optional(),
  })
  .strict();

/**
 * Submit: one result per checklist item (every item answered once). An item that fails and requires a photo or a
 * note needs one. Resending the same `idempotencyKey` answers the stored audit instead of a 409.
 */
export const ZAuditSubmit = z
  .object({
    results: z.array(ZAuditResultInput).min(1).max(200),
    idempotencyKey: z.string().min(8).max(80).optional(),
  })
  .strict();

export const ZAuditPhoto = z.object({ id: z.string(), itemCode: z.string().nullable(), url: z.string() });

/** When and where the inspector checked in (the console's and the external inspector's view of an audit). */
export const ZAuditCheckInView = z.object({
  at: z.string(),
  lat: z.number().nullable(),
  lng: z.number().nullable(),
  /** Metres from the unit's recorded location; null when either position is unknown. */
  distanceM: z.number().nullable(),
});

export const ZAudit = z.object({
  id: z.string(),
  checklistId: z.string(),
  checklistName: z.string(),
  checklistVersion: z.number(),
  orgUnitId: z.string(),
  orgUnit: z.object({
    id: z.string(),
    code: z.string(),
    name: z.string(),
    nameEn: z.string().nullable(),
    address: z.string().nullable(),
  }),
  kind: z.enum(AUDIT_KINDS),
  status: z.enum(AUDIT_STATUSES),
  inspectorId: z.string().nullable(),
  /** The internal inspector's name, or the external inspector's. */
  inspectorName: z.string().nullable(),
  /** True when the inspector is external (no user; works through the signed link). */
  external: z.boolean(),
  dueAt: z.string().nullable(),
  /** Assigned and past its due date. */
  overdue: z.boolean(),
  /** The audit plan whose run made it (null for an audit assigned by hand). */
  planId: z.string().nullable(),
  /** The external inspector's signed link (for QA staff); null for internal inspectors and other readers. */
  url: z.string().nullable(),
  checkIn: ZAuditCheckInView.nullable(),
  submittedAt: z.string().nullable(),
  /** Weighted pass share of applicable items, 0..1; null before submit or when nothing applied. */
  score: z.number().nullable(),
  fatalFailures: z.number(),
  generalFailed: z.number(),
  generalApplicable: z.number(),
  /** Tickets opened by this audit's fatal failures. */
  ticketIds: z.array(z.string()),
  createdAt: z.string(),
  /** The audit this one calibrates (a second inspector on the same visit), or null. */
  calibrationOf: z.string().nullable(),
  /** The live calibration partner of this audit, or null. */
  calibrationPartnerId: z.string().nullable(),
});
export type TAudit = z.infer<typeof ZAudit>;

export const ZAuditItemResult = ZChecklistItem.extend({
  result: z.enum(AUDIT_RESULTS).nullable(),
  note: z.string().nullable(),
  photos: z.array(ZAuditPhoto),
  ticketId: z.string().nullable(),
});
export const ZAuditDetail = ZAudit.extend({ items: z.array(ZAuditItemResult) });
export type TAuditDetail = z.infer<typeof ZAuditDetail>;

export const ZAuditList = z.object({ items: z.array(ZAudit), nextCursor: z.string().nullable() });
export type TAuditList = z.infer<typeof ZAuditList>;

/** `GET /audits/self-gap`: per child unit, self-inspection score vs external audit score in a period. */
export const ZAuditSelfGap = z.object({
  rows: z.array(
    z.object({
      orgUnitId: z.string(),
      code: z.string(),
      name: z.string(),
      nameEn: z.string().nullable(),
      selfScore: z.number().nullable(),
      selfN: z.number(),
      externalScore: z.number().nullable(),
      externalN: z.number(),
      /** selfScore − externalScore; positive = the unit grades itself more kindly. */
      gap: z.number().nullable(),
    }),
  ),
});
export type TAuditSelfGap = z.infer<typeof ZAuditSelfGap>;

/** A photo as the external inspector's page shows it (served under the link: `/public/audits/{token}/photos/{id}`). */
export const ZPublicAuditPhoto = z.object({ id: z.string(), itemCode: z.string().nullable(), url: z.string() });

/**
 * `GET /public/audits/{token}`: what the external inspector's page needs — the pinned checklist items (zh/en,
 * sections, evidence), the unit, due date, status, and what was already sent (check-in, photos, and once submitted
 * the answers and score, read-only). No internal ids of people, no tickets.
 */
export const ZPublicAudit = z.object({
  id: z.string(),
  kind: z.enum(AUDIT_KINDS),
  status: z.enum(AUDIT_STATUSES),
  checklistName: z.string(),
  orgUnit: z.object({
    code: z.string(),
    name: z.string(),
    nameEn: z.string().nullable(),
    address: z.string().nullable(),
  }),
  inspectorName: z.string().nullable(),
  dueAt: z.string().nullable(),
  checkIn: ZAuditCheckInView.nullable(),
  submittedAt: z.string().nullable(),
  score: z.number().nullable(),
  fatalFailures: z.number(),
  items: z.array(
    ZChecklistItem.extend({
      result: z.enum(AUDIT_RESULTS).nullable(),
      note: z.string().nullable(),
      photos: z.array(ZPublicAuditPhoto),
    }),
  ),
  /** Photos uploaded but not yet tied to an item (before submit). */
  loosePhotos: z.array(ZPublicAuditPhoto),
});
export type TPublicAudit = z.infer<typeof ZPublicAudit>;
/**
 * `GET /checklists/:id/items/:code/failures`: the submitted audits in the caller's scope that failed one item,
 * newest first, each with the inspector's note, photos and ticket — the evidence behind an item's error rate.
 */
export const ZItemFailuresQuery = z
  .object({
    orgUnitId: z.uuid().optional(),
    /** One audit kind, or `external` (every kind but self-inspections, as the metrics count by default). */
    kind: z.enum([...AUDIT_KINDS, 'external']).optional(),
    from: z.union([z.iso.date(), z.iso.datetime({ offset: true })]).optional(),
    to: z.union([z.iso.date(), z.iso.datetime({ offset: true })]).optional(),
    cursor: z.string().max(200).optional(),
    limit: z.coerce.number().int().min(1).max(100).default(20),
  })
  .strict();
export const ZItemFailure = z.object({
  audit: ZAudit,
  note: z.string().nullable(),
  photos: z.array(ZAuditPhoto),
  ticketId: z.string().nullable(),
});
export const ZItemFailures = z.object({
  /** The item as the checklist's current version words it (null when only earlier versions had it). */
  item: ZChecklistItem.nullable(),
  items: z.array(ZItemFailure),
  nextCursor: z.string().nullable(),
});
export type TItemFailures = z.infer<typeof ZItemFailures>;
