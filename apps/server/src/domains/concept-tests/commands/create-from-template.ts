import type { Actor } from '../../../platform/auth.ts';
import type { Tx } from '../../../platform/db.ts';
import { invalid } from '../../../platform/errors.ts';
import { createSurvey } from '../../surveys/commands/save-survey.ts';
import { authorizeManageConceptTests } from '../policy.ts';
import { CONCEPT_TEMPLATES } from '../templates.ts';
import { createConceptTest } from './save-concept-test.ts';

export interface FromTemplateInput {
  templateId: string;
  name: string;
  threshold?: number;
  minN?: number;
  confidence?: 0.9 | 0.95 | 0.99;
  productId?: string | null;
}

/**
 * Creates the template's survey (a draft, through the surveys domain's own command, so it is checked, sanitised
 * and audited like any survey) and the test on it, in the caller's transaction. Returns the test id and the
 * survey id (the survey is published from the surveys page when the fieldwork starts).
 */
export async function createFromTemplate(tx: Tx, actor: Actor, b: FromTemplateInput, now: Date) {
  authorizeManageConceptTests(actor);
  const tpl = CONCEPT_TEMPLATES.find((t) => t.id === b.templateId);
  if (!tpl) throw invalid('templateId', 'no such template');
  const en = actor.locale === 'en';
  const survey = await createSurvey(tx, actor, {
    name: `${en ? tpl.name.en : tpl.name['zh-CN']}: ${b.name}`.slice(0, 200),
    description: en ? tpl.description.en : tpl.description['zh-CN'],
    definition: tpl.definition(b.name),
    bindings: {},
  });
  const id = await createConceptTest(
    tx,
    actor,
    {
      name: b.name,
      surveyId: survey.id,
      kind: tpl.kind,
      approvalQuestion: tpl.approvalQuestion,
      approveAtLeast: tpl.approveAtLeast,
      approveValues: tpl.approveValues.length ? tpl.approveValues : undefined,
      segmentQuestion: tpl.segmentQuestion,
      productId: b.productId ?? null,
      threshold: b.threshold ?? tpl.threshold,
      minN: b.minN ?? tpl.minN,
      confidence: b.confidence,
    },
    now,
  );
  return { id, surveyId: survey.id };
}
