import { randomUUID } from 'node:crypto';
import type { TQuestion } from '@loopcx/shared';
import { audit } from '../../../platform/audit.ts';
import type { Actor } from '../../../platform/auth.ts';
import { one, sql, type Tx } from '../../../platform/db.ts';
import { invalid, notFound } from '../../../platform/errors.ts';
import { authorizeManageTraining } from '../policy.ts';
import type { QuizRow } from '../presenter.ts';

export interface QuizInput {
  name: string;
  nameEn?: string | null;
  description?: string | null;
  passMark: number;
  maxAttempts: number;
  questions: TQuestion[];
  checklistId?: string | null;
  itemCodes: string[];
}

/**
 * 422 unless the linked item codes are items of the checklist's current version (a quiz trains what audits check
 * now); item codes without a checklist are refused too. Reads the checklist tables directly: the inspections
 * domain imports this one (its submit enqueues the training job), so this one cannot import it back.
 */
async function checkItems(tx: Tx, tenantId: string, checklistId: string | null | undefined, codes: string[]) {
  if (!checklistId) {
    if (codes.length) throw invalid('itemCodes', 'item codes need a checklistId');
    return;
  }
  const c = await one<{ codes: string[] }>(
    tx,
    sql`SELECT coalesce(array_agg(it->>'code'), '{}') AS codes FROM checklists c
        JOIN checklist_versions v ON v.tenant_id = c.tenant_id AND v.checklist_id = c.id AND v.version = c.version
        CROSS JOIN LATERAL jsonb_array_elements(v.items) it
        WHERE c.tenant_id = ${tenantId} AND c.id = ${checklistId}`,
  );
  const known = c?.codes ?? [];
  if (!known.length) throw notFound('Checklist');
  const unknown = codes.filter((x) => !known.includes(x));
  if (unknown.length) throw invalid('itemCodes', `not items of the checklist's current version: ${unknown.join(', ')}`);
  if (new Set(codes).size !== codes.length) throw invalid('itemCodes', 'item codes repeat');
}

/** Creates a quiz (version 1 of its questions); QA managers only. Returns the id. */
export async function createQuiz(tx: Tx, actor: Actor, b: QuizInput, now: Date): Promise<string> {
  authorizeManageTraining(actor);
  await checkItems(tx, actor.tenantId, b.checklistId, b.itemCodes);
  const id = randomUUID();
  await tx.execute(
    sql`INSERT INTO training_quizzes (tenant_id, id, name, name_en, description, pass_mark, max_attempts, checklist_id,
          item_codes, created_by, created_at, updated_at)
        VALUES (${actor.tenantId}, ${id}, ${b.name}, ${b.nameEn ?? null}, ${b.description ?? null}, ${b.passMark},
          ${b.maxAttempts}, ${b.checklistId ?? null}, ${sql`ARRAY(SELECT jsonb_array_elements_text(${JSON.stringify(b.itemCodes)}::jsonb))`},
          ${actor.kind === 'user' ? actor.id : null}, ${now.toISOString()}, ${now.toISOString()})`,
  );
  await tx.execute(
    sql`INSERT INTO training_quiz_versions (tenant_id, quiz_id, version, questions, pass_mark)
        VALUES (${actor.tenantId}, ${id}, 1, ${JSON.stringify(b.questions)}::jsonb, ${b.passMark})`,
  );
  await audit(tx, actor, 'training.quiz.create', 'training_quiz', id, { name: b.name, questions: b.questions.length });
  return id;
}

/**
 * Changes a quiz (locked by the caller). New questions or a new pass mark make a new version: attempts already
 * made keep the version they were graded against, so their scores never change; later attempts use the new one.
 */
export async function patchQuiz(
  tx: Tx,
  actor: Actor,
  q: QuizRow,
  p: Partial<QuizInput> & { archived?: boolean },
  now: Date,
): Promise<void> {
  authorizeManageTraining(actor);
  const checklistId = p.checklistId !== undefined ? p.checklistId : q.checklist_id;
  const itemCodes = p.itemCodes ?? (p.checklistId === null ? [] : q.item_codes);
  if (p.checklistId !== undefined || p.itemCodes !== undefined)
    await checkItems(tx, actor.tenantId, checklistId, itemCodes);
  const questions = p.questions ?? q.questions;
  const passMark = p.passMark ?? q.pass_mark;
  const newVersion = p.questions !== undefined || (p.passMark !== undefined && p.passMark !== q.pass_mark);
  const version = newVersion ? q.version + 1 : q.version;
  if (newVersion)
    await tx.execute(
      sql`INSERT INTO training_quiz_versions (tenant_id, quiz_id, version, questions, pass_mark)
          VALUES (${actor.tenantId}, ${q.id}, ${version}, ${JSON.stringify(questions)}::jsonb, ${passMark})`,
    );
  await tx.execute(
    sql`UPDATE training_quizzes SET
          name = ${p.name ?? q.name},
          name_en = ${p.nameEn !== undefined ? p.nameEn : q.name_en},
          description = ${p.description !== undefined ? p.description : q.description},
          pass_mark = ${passMark}, max_attempts = ${p.maxAttempts ?? q.max_attempts},
          checklist_id = ${checklistId ?? null},
          item_codes = ARRAY(SELECT jsonb_array_elements_text(${JSON.stringify(itemCodes)}::jsonb)),
          archived = ${p.archived ?? q.archived}, version = ${version}, updated_at = ${now.toISOString()}
        WHERE tenant_id = ${actor.tenantId} AND id = ${q.id}`,
  );
  await audit(tx, actor, 'training.quiz.update', 'training_quiz', q.id, { ...p, version });
}
