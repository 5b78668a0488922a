import { z } from 'zod';
import { ZPortalRedemption, ZPortalReward } from './panel-rewards.ts';

/**
 * Contracts of the experience panel (体验达人, issue 23): a panel recruits customers through a signed public link
 * with a screener, its members earn points (an append-only ledger) and tiers by doing experience tasks — online
 * diaries answered on the member portal, offline store visits with check-in, photos and a structured report —
 * which reviewers approve or reject. Console routes `/api/v1/panels…`, `/api/v1/panel-…`; public routes
 * `/api/v1/public/panels/{token}` (recruitment) and `/api/v1/public/panel-members/{token}` (member portal).
 */

export const PANEL_STATUSES = ['open', 'closed'] as const;
export const PANEL_MEMBER_STATUSES = ['applied', 'active', 'rejected', 'left'] as const;
export const PANEL_TASK_KINDS = ['online', 'offline'] as const;
export const PANEL_ASSIGNMENT_STATUSES = ['assigned', 'submitted', 'approved', 'rejected', 'overdue'] as const;
export const PANEL_FIELD_TYPES = ['text', 'number', 'rating', 'yesno'] as const;
/** A diary task's entries: one, or at most one per tenant-local day of the task's window. */
export const PANEL_DIARY_ENTRIES = ['once', 'daily'] as const;
export type TPanelAssignmentStatus = (typeof PANEL_ASSIGNMENT_STATUSES)[number];

const ZCode = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,39}$/, 'letters, digits, _ . - (up to 40)');
const ZName = z.string().trim().min(1).max(120);
const iso = z.iso.datetime({ offset: true });

/** Who becomes active on applying: everyone who completes, nobody without review, or those answering one of `anyOf`. */
export const ZPanelPassRule = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('all') }).strict(),
  z.object({ kind: z.literal('manual') }).strict(),
  z
    .object({
      kind: z.literal('answer'),
      question: z.string().trim().min(1).max(100),
      anyOf: z.array(z.string().trim().min(1).max(200)).min(1).max(20),
    })
    .strict(),
]);
export type TPanelPassRule = z.infer<typeof ZPanelPassRule>;

export const ZPanelTier = z
  .object({ name: z.string().trim().min(1).max(40), minPoints: z.number().int().min(0).max(10_000_000) })
  .strict();

const ZTiers = z
  .array(ZPanelTier)
  .max(10)
  .superRefine((t, c) => {
    for (let i = 1; i < t.length; i++)
      if (t[i].minPoints <= t[i - 1].minPoints)
        c.addIssue({ code: 'custom', path: [i, 'minPoints'], message: 'tiers go up in points' });
    if (t.length && t[0].minPoints !== 0)
      c.addIssue({ code: 'custom', path: [0, 'minPoints'], message: 'the first tier starts at 0 points' });
    if (new Set(t.map((x) => x.name)).size !== t.length)
      c.addIssue({ code: 'custom', path: [], message: 'tier names repeat' });
  });

export const ZNewPanel = z
  .object({
    name: ZName,
    description: z.string().trim().max(4000).optional(),
    benefits: z.string().trim().max(2000).optional(),
    screenerSurveyId: z.uuid().nullable().optional(),
    passRule: ZPanelPassRule.default({ kind: 'all' }),
    tiers: ZTiers.default([]),
    tag: z.string().trim().min(1).max(50).default('体验达人'),
    status: z.enum(PANEL_STATUSES).default('open'),
    recruitLimit: z.number().int().min(1).max(100000).nullable().optional(),
  })
  .strict();
export type TNewPanel = z.infer<typeof ZNewPanel>;

export const ZPanelPatch = z
  .object({
    name: ZName.optional(),
    description: z.string().trim().max(4000).nullable().optional(),
    benefits: z.string().trim().max(2000).nullable().optional(),
    screenerSurveyId: z.uuid().nullable().optional(),
    passRule: ZPanelPassRule.optional(),
    tiers: ZTiers.optional(),
    tag: z.string().trim().min(1).max(50).optional(),
    status: z.enum(PANEL_STATUSES).optional(),
    recruitLimit: z.number().int().min(1).max(100000).nullable().optional(),
  })
  .strict();
export type TPanelPatch = z.infer<typeof ZPanelPatch>;

export const ZPanel = z.object({
  id: z.uuid(),
  name: z.string(),
  description: z.string().nullable(),
  benefits: z.string().nullable(),
  screenerSurveyId: z.uuid().nullable(),
  screenerSurveyName: z.string().nullable(),
  passRule: ZPanelPassRule,
  tiers: z.array(ZPanelTier),
  tag: z.string(),
  status: z.enum(PANEL_STATUSES),
  recruitLimit: z.number().int().nullable(),
  /** The public recruitment page (signed link naming tenant and panel). */
  joinUrl: z.string(),
  counts: z.object({
    active: z.number().int(),
    applied: z.number().int(),
    rejected: z.number().int(),
    left: z.number().int(),
  }),
  createdAt: z.string(),
});
export type TPanel = z.infer<typeof ZPanel>;
export const ZPanelList = z.object({ items: z.array(ZPanel) });

export const ZPanelMember = z.object({
  id: z.uuid(),
  panelId: z.uuid(),
  customerId: z.uuid(),
  displayName: z.string(),
  contact: z.string().nullable(),
  status: z.enum(PANEL_MEMBER_STATUSES),
  /** The balance: the sum of the ledger. */
  points: z.number().int(),
  /** Points earned (approvals, adjustments): the tier follows these, so redeeming never demotes. */
  earned: z.number().int(),
  tier: z.string().nullable(),
  appliedAt: z.string(),
  joinedAt: z.string().nullable(),
  openTasks: z.number().int(),
});
export type TPanelMember = z.infer<typeof ZPanelMember>;
export const ZPanelMemberListQuery = z
  .object({
    status: z.enum(PANEL_MEMBER_STATUSES).optional(),
    tier: z.string().trim().min(1).max(40).optional(),
    q: z.string().trim().min(1).max(100).optional(),
    page: z.coerce.number().int().min(1).max(10000).default(1),
  })
  .strict();
export const ZPanelMemberList = z.object({
  items: z.array(ZPanelMember),
  total: z.number().int(),
  page: z.number().int(),
});

export const ZPanelLedgerEntry = z.object({
  id: z.uuid(),
  delta: z.number().int(),
  reason: z.enum(['task_approved', 'adjustment', 'redemption', 'redemption_refund']),
  referenceId: z.uuid().nullable(),
  note: z.string().nullable(),
  createdAt: z.string(),
});
export const ZPanelMemberDetail = z.object({
  member: ZPanelMember,
  screenerAnswers: z.record(z.string(), z.unknown()),
  ledger: z.array(ZPanelLedgerEntry),
  assignments: z.array(
    z.object({
      id: z.uuid(),
      taskId: z.uuid(),
      title: z.string(),
      status: z.enum(PANEL_ASSIGNMENT_STATUSES),
      dueAt: z.string(),
    }),
  ),
  /** The member's portal link (signed; rotating it stops the older one). */
  portalUrl: z.string().nullable(),
});
export const ZPanelMemberPatch = z
  .object({
    status: z.enum(['active', 'rejected', 'left']).optional(),
    rotateLink: z.literal(true).optional(),
  })
  .strict();

export const ZPanelField = z
  .object({
    code: ZCode,
    label: z.string().trim().min(1).max(200),
    type: z.enum(PANEL_FIELD_TYPES),
    required: z.boolean().default(true),
  })
  .strict();
export type TPanelField = z.infer<typeof ZPanelField>;

export const ZNewPanelTask = z
  .object({
    title: ZName,
    kind: z.enum(PANEL_TASK_KINDS),
    instructions: z.string().trim().max(4000).optional(),
    orgUnitId: z.uuid().optional(),
    checkInRequired: z.boolean().default(false),
    radiusM: z.number().int().min(10).max(50000).default(500),
    minPhotos: z.number().int().min(0).max(10).default(0),
    /** The report's fields; empty for a diary task (its survey is the report). */
    fields: z
      .array(ZPanelField)
      .max(20)
      .refine((f) => new Set(f.map((x) => x.code)).size === f.length, 'field codes repeat')
      .default([]),
    /** A diary task: an online task answered with this survey of the tenant (published), instead of fields. */
    surveyId: z.uuid().optional(),
    entries: z.enum(PANEL_DIARY_ENTRIES).default('once'),
    /** Entries needed before the member submits (a daily diary; 1 for once). */
    minEntries: z.number().int().min(1).max(60).default(1),
    points: z.number().int().min(0).max(100000),
    dueAt: iso,
    /** Who gets it: every active member, those of some tiers, or the listed members (active ones of this panel). */
    assignTo: z.discriminatedUnion('kind', [
      z.object({ kind: z.literal('all') }).strict(),
      z.object({ kind: z.literal('tiers'), tiers: z.array(z.string().trim().min(1).max(40)).min(1).max(10) }).strict(),
      z.object({ kind: z.literal('members'), memberIds: z.array(z.uuid()).min(1).max(500) }).strict(),
    ]),
  })
  .strict()
  .superRefine((t, c) => {
    if (t.kind === 'offline' && !t.orgUnitId)
      c.addIssue({ code: 'custom', path: ['orgUnitId'], message: 'an offline task visits a unit' });
    if (t.kind === 'online' && (t.checkInRequired || t.minPhotos > 0))
      c.addIssue({ code: 'custom', path: ['kind'], message: 'check-in and photos are for offline tasks' });
    if (t.surveyId && t.kind !== 'online')
      c.addIssue({ code: 'custom', path: ['surveyId'], message: 'a diary survey is for online tasks' });
    if (t.surveyId && t.fields.length)
      c.addIssue({ code: 'custom', path: ['fields'], message: 'a diary task is answered with its survey, not fields' });
    if (!t.surveyId && !t.fields.length)
      c.addIssue({ code: 'custom', path: ['fields'], message: 'give the report’s fields or a diary survey' });
    if (!t.surveyId && (t.entries !== 'once' || t.minEntries !== 1))
      c.addIssue({ code: 'custom', path: ['entries'], message: 'entries are for diary tasks (with a survey)' });
    if (t.entries === 'once' && t.minEntries !== 1)
      c.addIssue({ code: 'custom', path: ['minEntries'], message: 'a once diary takes one entry' });
  });
export type TNewPanelTask = z.infer<typeof ZNewPanelTask>;

export const ZPanelTask = z.object({
  id: z.uuid(),
  panelId: z.uuid(),
  title: z.string(),
  kind: z.enum(PANEL_TASK_KINDS),
  instructions: z.string().nullable(),
  orgUnitId: z.uuid().nullable(),
  unitName: z.string().nullable(),
  checkInRequired: z.boolean(),
  radiusM: z.number().int(),
  minPhotos: z.number().int(),
  fields: z.array(ZPanelField),
  /** The diary survey (a survey-backed online task), else null. */
  survey: z.object({ id: z.uuid(), name: z.string() }).nullable(),
  entries: z.enum(PANEL_DIARY_ENTRIES),
  minEntries: z.number().int(),
  points: z.number().int(),
  dueAt: z.string(),
  status: z.enum(PANEL_STATUSES),
  counts: z.record(z.enum(PANEL_ASSIGNMENT_STATUSES), z.number().int()),
  createdAt: z.string(),
});
export type TPanelTask = z.infer<typeof ZPanelTask>;
export const ZPanelTaskList = z.object({ items: z.array(ZPanelTask) });
export const ZPanelTaskCreated = z.object({ task: ZPanelTask, assigned: z.number().int() });

/** One answer of a diary entry, as the reviewer reads it: the question's title and the value in words. */
export const ZPanelDiaryAnswer = z.object({ name: z.string(), title: z.string(), value: z.string() });
export const ZPanelDiaryEntry = z.object({
  id: z.uuid(),
  responseId: z.uuid(),
  /** The tenant-local day (YYYY-MM-DD). */
  day: z.string(),
  submittedAt: z.string(),
  answers: z.array(ZPanelDiaryAnswer),
});
export type TPanelDiaryEntry = z.infer<typeof ZPanelDiaryEntry>;

export const ZPanelSubmission = z.object({
  id: z.uuid(),
  assignmentId: z.uuid(),
  taskId: z.uuid(),
  taskTitle: z.string(),
  panelId: z.uuid(),
  memberId: z.uuid(),
  memberName: z.string(),
  unitName: z.string().nullable(),
  status: z.enum(PANEL_ASSIGNMENT_STATUSES),
  fields: z.array(ZPanelField),
  answers: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])),
  checkInDistanceM: z.number().int().nullable(),
  radiusM: z.number().int(),
  photos: z.array(z.object({ id: z.uuid(), url: z.string() })),
  /** A diary task's entries (oldest first): each a response of the survey, its answers titled. Empty otherwise. */
  entries: z.array(ZPanelDiaryEntry),
  submittedAt: z.string(),
  reviewedAt: z.string().nullable(),
  reviewNote: z.string().nullable(),
  pointsAwarded: z.number().int().nullable(),
  feedbackItemId: z.uuid().nullable(),
});
export type TPanelSubmission = z.infer<typeof ZPanelSubmission>;
export const ZPanelSubmissionListQuery = z
  .object({
    panelId: z.uuid().optional(),
    state: z.enum(['pending', 'reviewed', 'all']).default('pending'),
    page: z.coerce.number().int().min(1).max(10000).default(1),
  })
  .strict();
export const ZPanelSubmissionList = z.object({
  items: z.array(ZPanelSubmission),
  total: z.number().int(),
  page: z.number().int(),
});
export const ZPanelReview = z
  .object({ decision: z.enum(['approve', 'reject']), note: z.string().trim().max(2000).optional() })
  .strict()
  .refine((r) => r.decision === 'approve' || !!r.note, { path: ['note'], message: 'say why it is rejected' });

// ---- public: recruitment page and member portal ----

const ZLoc = z.object({ zh: z.string(), en: z.string() });
export const ZScreenerQuestion = z.object({
  name: z.string(),
  type: z.enum(['single', 'multi', 'text']),
  title: ZLoc,
  required: z.boolean(),
  choices: z.array(z.object({ value: z.string(), text: ZLoc })),
});
export const ZPublicPanel = z.object({
  name: z.string(),
  description: z.string().nullable(),
  benefits: z.string().nullable(),
  open: z.boolean(),
  questions: z.array(ZScreenerQuestion),
});
export type TPublicPanel = z.infer<typeof ZPublicPanel>;

export const ZPanelApply = z
  .object({
    name: z.string().trim().min(1).max(100),
    phone: z.string().trim().min(5).max(30).optional(),
    email: z.string().trim().min(3).max(254).optional(),
    consent: z.literal(true),
    answers: z
      .record(z.string().max(100), z.union([z.string().max(2000), z.array(z.string().max(200)).max(30)]))
      .refine((a) => Object.keys(a).length <= 50, 'at most 50 answers')
      .default({}),
  })
  .strict()
  .refine((a) => !!a.phone || !!a.email, { path: ['phone'], message: 'give a phone number or an email' });
export type TPanelApply = z.infer<typeof ZPanelApply>;
export const ZPanelApplied = z.object({
  status: z.enum(PANEL_MEMBER_STATUSES),
  /** The member portal, for an active member (the page links there). */
  portalUrl: z.string().nullable(),
});

export const ZPortalAssignment = z.object({
  id: z.uuid(),
  title: z.string(),
  kind: z.enum(PANEL_TASK_KINDS),
  instructions: z.string().nullable(),
  unitName: z.string().nullable(),
  checkInRequired: z.boolean(),
  radiusM: z.number().int(),
  minPhotos: z.number().int(),
  fields: z.array(ZPanelField),
  points: z.number().int(),
  dueAt: z.string(),
  status: z.enum(PANEL_ASSIGNMENT_STATUSES),
  checkedIn: z.boolean(),
  checkInDistanceM: z.number().int().nullable(),
  photos: z.array(z.object({ id: z.uuid(), url: z.string() })),
  /** A diary task: its survey's name, the entry rule, the member's entries and whether today's is written. */
  diary: z
    .object({
      surveyName: z.string(),
      entries: z.enum(PANEL_DIARY_ENTRIES),
      minEntries: z.number().int(),
      days: z.array(z.string()),
      /** Another entry may be written now (open, within the window, today's or the once entry not yet written). */
      canAdd: z.boolean(),
    })
    .nullable(),
  reviewNote: z.string().nullable(),
  pointsAwarded: z.number().int().nullable(),
});
export const ZPortal = z.object({
  panelName: z.string(),
  memberName: z.string(),
  status: z.enum(PANEL_MEMBER_STATUSES),
  points: z.number().int(),
  earned: z.number().int(),
  tier: z.string().nullable(),
  nextTier: z.object({ name: z.string(), minPoints: z.number().int() }).nullable(),
  assignments: z.array(ZPortalAssignment),
  /** The panel's active rewards (out-of-stock ones included, shown as such). */
  rewards: z.array(ZPortalReward),
  /** The member's own redemptions, newest first. */
  redemptions: z.array(ZPortalRedemption),
});
export type TPortal = z.infer<typeof ZPortal>;
export const ZPortalCheckIn = z
  .object({
    lat: z.number().min(-90).max(90),
    lng: z.number().min(-180).max(180),
    accuracyM: z.number().min(0).max(100000).optional(),
  })
  .strict();
export const ZPortalSubmit = z
  .object({
    answers: z
      .record(z.string().max(40), z.union([z.string().max(4000), z.number().finite(), z.boolean()]))
      .refine((a) => Object.keys(a).length <= 20, 'at most 20 answers'),
  })
  .strict();

/** The diary survey of one of the member's tasks, as the respondent page renders a link's (same SurveyJS runtime). */
export const ZPortalDiarySurvey = z.object({
  survey: z.object({ id: z.uuid(), name: z.string() }),
  version: z.object({ id: z.uuid() }),
  definition: z.record(z.string(), z.unknown()),
  locale: z.string(),
});
export type TPortalDiarySurvey = z.infer<typeof ZPortalDiarySurvey>;
/** One diary entry: the survey's answers (validated as a public submission), a key so a retry is one entry. */
export const ZPortalDiaryEntry = z
  .object({
    answers: z.record(z.string().max(200), z.unknown()).refine((a) => Object.keys(a).length <= 500, 'too many answers'),
    idempotencyKey: z.string().regex(/^[A-Za-z0-9_.:-]{8,100}$/),
    locale: z.string().max(20).optional(),
  })
  .strict();
