import { surveyQuestions, type TImportMapping } from '@loopcx/shared';
import { audit } from '../../../platform/audit.ts';
import type { Actor } from '../../../platform/auth.ts';
import type { AppContext } from '../../../platform/context.ts';
import { sql } from '../../../platform/db.ts';
import { AppError } from '../../../platform/errors.ts';
import { enqueue, wakeWorkers } from '../../../platform/jobs.ts';
import { responsesImportJob } from '../jobs.ts';
import type { ImportRow } from '../presenter.ts';
import { checkMapping } from './set-mapping.ts';
import { importSurvey } from './upload-import.ts';

/**
 * Queues the import job (its row and the job in one transaction). Starting an import that is queued, running or
 * done is a no-op answered with its state; a failed one may be started again (it resumes after its last batch).
 */
export async function startImport(ctx: AppContext, actor: Actor, imp: ImportRow): Promise<void> {
  if (['queued', 'running', 'done'].includes(imp.status)) return;
  if (!imp.mapping) throw new AppError('invalid', 'Set a mapping first');
  const survey = await importSurvey(ctx.db, actor.tenantId, imp.survey_id);
  if (!survey.version_id || survey.status === 'draft' || survey.status === 'archived')
    throw new AppError('invalid', `The survey is ${survey.status}`);
  await checkMapping(ctx, actor, imp, imp.mapping as TImportMapping, surveyQuestions(survey.definition));
  await ctx.db.transaction(async (tx) => {
    await tx.execute(
      sql`UPDATE response_imports SET status = 'queued', error = NULL, finished_at = NULL
          WHERE tenant_id = ${actor.tenantId} AND id = ${imp.id}`,
    );
    await enqueue(tx, responsesImportJob, [{ importId: imp.id }], { tenantId: actor.tenantId });
    await audit(tx, actor, 'response_import.start', 'response_import', imp.id, { fileName: imp.file_name });
  });
  wakeWorkers(ctx);
}
