import type { TNewPanel, TPanelPassRule, TPanelPatch } from '@loopcx/shared';
import { audit } from '../../../platform/audit.ts';
import type { Actor } from '../../../platform/auth.ts';
import { sql, type Tx } from '../../../platform/db.ts';
import { invalid } from '../../../platform/errors.ts';
import { uuidv7 } from '../../../platform/ids.ts';
import { authorizeManagePanel } from '../policy.ts';
import { getPanel } from '../queries.ts';
import { loadScreener } from '../screener.ts';
import { type Tier, tierFor } from '../tiers.ts';

/** The pass rule must name a question (and choices) of the screener; without a screener only `all`/`manual`. */
async function checkRule(tx: Tx, tenantId: string, surveyId: string | null, rule: TPanelPassRule) {
  if (!surveyId) {
    if (rule.kind === 'answer') throw invalid('passRule', 'an answer rule needs a screener survey');
    return;
  }
  const { questions } = await loadScreener(tx, tenantId, surveyId);
  if (rule.kind !== 'answer') return;
  const q = questions.find((x) => x.name === rule.question);
  if (!q) throw invalid('passRule.question', 'not a question of the screener');
  if (q.type !== 'text')
    for (const v of rule.anyOf)
      if (!q.choices.some((c) => c.value === v)) throw invalid('passRule.anyOf', `${v} is not a choice`);
}

/** `POST /panels`: a panel with its screener, pass rule and tiers (tenant-root managers). */
export async function createPanel(tx: Tx, actor: Actor, b: TNewPanel, now: Date): Promise<string> {
  authorizeManagePanel(actor);
  await checkRule(tx, actor.tenantId, b.screenerSurveyId ?? null, b.passRule);
  const id = uuidv7(now.getTime());
  await tx.execute(
    sql`INSERT INTO panels (tenant_id, id, name, description, benefits, screener_survey_id, pass_rule, tiers, tag, status,
          recruit_limit, created_by, created_at, updated_at)
        VALUES (${actor.tenantId}, ${id}, ${b.name}, ${b.description || null}, ${b.benefits || null}, ${b.screenerSurveyId ?? null},
          ${JSON.stringify(b.passRule)}::jsonb, ${JSON.stringify(b.tiers)}::jsonb, ${b.tag}, ${b.status}, ${b.recruitLimit ?? null},
          ${actor.kind === 'user' ? actor.id : null}, ${now.toISOString()}, ${now.toISOString()})`,
  );
  await audit(tx, actor, 'panel.create', 'panel', id, b);
  return id;
}

/** `PATCH /panels/{id}`: changed tiers re-tier every member in the same transaction. */
export async function updatePanel(tx: Tx, actor: Actor, id: string, b: TPanelPatch, now: Date) {
  authorizeManagePanel(actor);
  const p = await getPanel(tx, actor.tenantId, id, { lock: true });
  const surveyId = b.screenerSurveyId === undefined ? p.screener_survey_id : b.screenerSurveyId;
  await checkRule(tx, actor.tenantId, surveyId, b.passRule ?? p.pass_rule);
  const keep = sql.raw;
  await tx.execute(
    sql`UPDATE panels SET
          name = ${b.name ?? p.name},
          description = ${b.description === undefined ? keep('description') : sql`${b.description || null}`},
          benefits = ${b.benefits === undefined ? keep('benefits') : sql`${b.benefits || null}`},
          screener_survey_id = ${surveyId},
          pass_rule = ${JSON.stringify(b.passRule ?? p.pass_rule)}::jsonb,
          tiers = ${JSON.stringify(b.tiers ?? p.tiers)}::jsonb,
          tag = ${b.tag ?? p.tag},
          status = ${b.status ?? p.status},
          recruit_limit = ${b.recruitLimit === undefined ? keep('recruit_limit') : sql`${b.recruitLimit}`},
          updated_at = ${now.toISOString()}
        WHERE tenant_id = ${actor.tenantId} AND id = ${id}`,
  );
  if (b.tiers) await retier(tx, actor.tenantId, id, b.tiers);
  await audit(tx, actor, 'panel.update', 'panel', id, b);
}

/** Sets every member's tier from the points they earned under `tiers` (one statement). */
export async function retier(tx: Tx, tenantId: string, panelId: string, tiers: Tier[]) {
  await tx.execute(
    sql`UPDATE panel_members m SET tier = (
          SELECT x.name FROM jsonb_to_recordset(${JSON.stringify(tiers)}::jsonb) AS x(name text, "minPoints" int)
          WHERE x."minPoints" <= m.earned ORDER BY x."minPoints" DESC LIMIT 1)
        WHERE m.tenant_id = ${tenantId} AND m.panel_id = ${panelId}`,
  );
}

export { tierFor };
