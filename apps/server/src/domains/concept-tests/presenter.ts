import type { TConceptTest, TConceptTestKind, TGateEvidence, TGateRecord } from '@loopcx/shared';

export interface ConceptTestRow {
  id: string;
  name: string;
  kind: TConceptTestKind;
  survey_id: string;
  survey_name: string;
  survey_status: string;
  approval_question: string;
  approval_type: string;
  approve_at_least: number | null;
  approve_values: string[];
  threshold: number;
  min_n: number;
  confidence: number;
  segment_question: string | null;
  product_id: string | null;
  product_code: string | null;
  product_name: string | null;
  archived: boolean;
  status: TGateRecord['decision'] | null;
  status_kind: TGateRecord['kind'] | null;
  decided_at: Date | string | null;
  decisions: number | string;
  created_at: Date | string;
  updated_at: Date | string;
}

export interface DecisionRow {
  id: string;
  kind: TGateRecord['kind'];
  decision: TGateRecord['decision'];
  overrides_id: string | null;
  justification: string | null;
  evidence: TGateEvidence;
  recorded_by: string | null;
  recorded_by_name: string | null;
  recorded_at: Date | string;
}

const iso = (d: Date | string) => new Date(d).toISOString();

export function presentConceptTest(t: ConceptTestRow): TConceptTest {
  return {
    id: t.id,
    name: t.name,
    kind: t.kind,
    surveyId: t.survey_id,
    surveyName: t.survey_name,
    surveyStatus: t.survey_status,
    approvalQuestion: t.approval_question,
    approvalQuestionType: t.approval_type,
    approveAtLeast: t.approve_at_least,
    approveValues: t.approve_values,
    threshold: t.threshold,
    minN: t.min_n,
    confidence: t.confidence,
    segmentQuestion: t.segment_question,
    product: t.product_id ? { id: t.product_id, code: t.product_code ?? '', name: t.product_name ?? '' } : null,
    archived: t.archived,
    status: t.status,
    statusKind: t.status_kind,
    decidedAt: t.decided_at ? iso(t.decided_at) : null,
    createdAt: iso(t.created_at),
    updatedAt: iso(t.updated_at),
  };
}

export function presentDecision(d: DecisionRow): TGateRecord {
  return {
    id: d.id,
    kind: d.kind,
    decision: d.decision,
    overridesId: d.overrides_id,
    justification: d.justification,
    evidence: d.evidence,
    recordedBy: d.recorded_by ? { id: d.recorded_by, name: d.recorded_by_name ?? '' } : null,
    recordedAt: iso(d.recorded_at),
  };
}
