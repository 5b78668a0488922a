/** Contracts of concept / pre-launch tests with a launch gate (`/concept-tests`, decision 79). */
import { z } from 'zod';
import { GATE_CONFIDENCES } from '../metrics/launch-gate.ts';

export const CONCEPT_TEST_KINDS = ['concept', 'idea', 'sus', 'seq'] as const;
export type TConceptTestKind = (typeof CONCEPT_TEST_KINDS)[number];
export const GATE_DECISIONS = ['launch', 'veto', 'insufficient'] as const;

const ZQuestionName = z.string().min(1).max(100);
const ZConfidence = z.union(
  GATE_CONFIDENCES.map((c) => z.literal(c)) as [z.ZodLiteral<0.9>, z.ZodLiteral<0.95>, z.ZodLiteral<0.99>],
);

/** How an answer counts as approval; which fields apply depends on the approval question's type. */
const approvalFields = {
  /** Rating questions: approve when the score is at least this (default top-2-box, NPS scale: 9). */
  approveAtLeast: z.number().min(-1000).max(1000).nullable().optional(),
  /** Choice questions (radiogroup, dropdown, checkbox, ranking-free): the values that count as approval. */
  approveValues: z.array(z.string().min(1).max(200)).max(50).optional(),
};

/** `POST /concept-tests`. Threshold is a fraction (0.6 = 60 %). */
export const ZConceptTestCreate = z
  .object({
    name: z.string().trim().min(1).max(120),
    surveyId: z.uuid(),
    approvalQuestion: ZQuestionName,
    kind: z.enum(CONCEPT_TEST_KINDS).optional(),
    threshold: z.number().gt(0).lt(1).optional(),
    minN: z.number().int().min(1).max(100_000).optional(),
    confidence: ZConfidence.optional(),
    /** A choice question whose answers split the approval table (besides the org units). */
    segmentQuestion: ZQuestionName.nullable().optional(),
    /** The catalogue product under test (decision 80), shown on the product's page. */
    productId: z.uuid().nullable().optional(),
    ...approvalFields,
  })
  .strict();
export type TConceptTestCreate = z.infer<typeof ZConceptTestCreate>;

/** `PATCH /concept-tests/:id`: name and archiving always; the gate's settings only while no decision is recorded. */
export const ZConceptTestPatch = z
  .object({
    name: z.string().trim().min(1).max(120).optional(),
    approvalQuestion: ZQuestionName.optional(),
    threshold: z.number().gt(0).lt(1).optional(),
    minN: z.number().int().min(1).max(100_000).optional(),
    confidence: ZConfidence.optional(),
    segmentQuestion: ZQuestionName.nullable().optional(),
    productId: z.uuid().nullable().optional(),
    archived: z.boolean().optional(),
    ...approvalFields,
  })
  .strict();
export type TConceptTestPatch = z.infer<typeof ZConceptTestPatch>;

export const ZConceptTestListQuery = z
  .object({ archived: z.enum(['true', 'false']).optional(), productId: z.uuid().optional() })
  .strict();

/** `POST /concept-tests/from-template`: creates the survey (a draft to publish) and the test in one go. */
export const ZConceptTestFromTemplate = z
  .object({
    templateId: z.string().min(1).max(40),
    /** The product or concept under test; names the survey and the test. */
    name: z.string().trim().min(1).max(100),
    threshold: z.number().gt(0).lt(1).optional(),
    minN: z.number().int().min(1).max(100_000).optional(),
    confidence: ZConfidence.optional(),
    productId: z.uuid().nullable().optional(),
  })
  .strict();

export const ZGateDecision = z.enum(GATE_DECISIONS);
export type TGateDecisionValue = z.infer<typeof ZGateDecision>;

const ZCi = z.tuple([z.number(), z.number()]);

export const ZConceptTest = z.object({
  id: z.string(),
  name: z.string(),
  kind: z.enum(CONCEPT_TEST_KINDS),
  surveyId: z.string(),
  surveyName: z.string(),
  surveyStatus: z.string(),
  approvalQuestion: z.string(),
  approvalQuestionType: z.string(),
  approveAtLeast: z.number().nullable(),
  approveValues: z.array(z.string()),
  threshold: z.number(),
  minN: z.number(),
  confidence: z.number(),
  segmentQuestion: z.string().nullable(),
  /** The product under test, if the test names one. */
  product: z.object({ id: z.string(), code: z.string(), name: z.string() }).nullable(),
  archived: z.boolean(),
  /** The latest recorded decision (an override when one was made last), or null before any. */
  status: ZGateDecision.nullable(),
  statusKind: z.enum(['computed', 'override']).nullable(),
  decidedAt: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type TConceptTest = z.infer<typeof ZConceptTest>;
export const ZConceptTestList = z.object({ items: z.array(ZConceptTest) });

/** One topic among the test's analysed comments, with how many came from approvers and from the others. */
export const ZGateReason = z.object({
  topicId: z.string(),
  code: z.string(),
  name: z.string(),
  nameEn: z.string().nullable(),
  n: z.number(),
  negative: z.number(),
  approvers: z.number(),
  others: z.number(),
});

/** Approval within one segment (an org unit, or an answer of the segment question), fractions 0..1. */
export const ZGateSegment = z.object({
  by: z.enum(['unit', 'answer']),
  key: z.string(),
  label: z.string(),
  labelEn: z.string().nullable(),
  n: z.number(),
  approvals: z.number(),
  approval: z.number().nullable(),
  ci: ZCi.nullable(),
});

export const ZUsability = z.object({
  kind: z.enum(['sus', 'seq']),
  n: z.number(),
  mean: z.number().nullable(),
  ci: ZCi.nullable(),
  /** SUS only: the adjective band of the mean. */
  band: z.enum(['worst', 'poor', 'ok', 'good', 'excellent', 'best']).nullable(),
});

/**
 * `GET /concept-tests/:id/decision` (live) and a record's frozen `evidence`: the decision with its inputs.
 * approval and ci are fractions 0..1; `ci` is the Wilson interval at `confidence`.
 */
export const ZGateEvidence = z.object({
  decision: ZGateDecision,
  approval: z.number().nullable(),
  ci: ZCi.nullable(),
  n: z.number(),
  approvals: z.number(),
  threshold: z.number(),
  minN: z.number(),
  confidence: z.number(),
  approvalQuestion: z.string(),
  reasons: z.array(ZGateReason),
  negativeReasons: z.array(ZGateReason),
  bySegment: z.array(ZGateSegment),
  usability: ZUsability.nullable(),
  computedAt: z.string(),
});
export type TGateEvidence = z.infer<typeof ZGateEvidence>;

export const ZGateRecord = z.object({
  id: z.string(),
  kind: z.enum(['computed', 'override']),
  decision: ZGateDecision,
  /** Override: the computed record it overrides. */
  overridesId: z.string().nullable(),
  justification: z.string().nullable(),
  evidence: ZGateEvidence,
  recordedBy: z.object({ id: z.string(), name: z.string() }).nullable(),
  recordedAt: z.string(),
});
export type TGateRecord = z.infer<typeof ZGateRecord>;
export const ZGateRecordList = z.object({ items: z.array(ZGateRecord) });

/** `POST /concept-tests/:id/override`: a different decision with the reason, logged and audited. */
export const ZGateOverride = z
  .object({
    decision: ZGateDecision,
    justification: z.string().trim().min(20).max(2000),
  })
  .strict();

export const ZConceptTemplate = z.object({
  id: z.string(),
  kind: z.enum(CONCEPT_TEST_KINDS),
  name: z.object({ 'zh-CN': z.string(), en: z.string() }),
  description: z.object({ 'zh-CN': z.string(), en: z.string() }),
  approvalQuestion: z.string(),
  questions: z.number(),
  threshold: z.number(),
  minN: z.number(),
});
export const ZConceptTemplateList = z.object({ items: z.array(ZConceptTemplate) });
