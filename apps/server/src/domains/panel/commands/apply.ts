import type { TPanelApply } from '@loopcx/shared';
import { audit } from '../../../platform/audit.ts';
import type { Actor } from '../../../platform/auth.ts';
import { one, sql, type Tx } from '../../../platform/db.ts';
import { AppError, conflict } from '../../../platform/errors.ts';
import { uuidv7 } from '../../../platform/ids.ts';
import { addTags, createCustomer } from '../../customers/commands/save-customer.ts';
import { toStoredIdentity } from '../../customers/identity.ts';
import { getPanel } from '../queries.ts';
import { checkAnswers, loadScreener } from '../screener.ts';
import { passes, tierFor } from '../tiers.ts';

export interface Applied {
  memberId: string;
  status: 'applied' | 'active' | 'rejected' | 'left';
  tokenVersion: number;
  /** False when this identity had already applied: the answer then carries no portal link. */
  created: boolean;
}

/**
 * An applicant through the recruitment link (`POST /public/panels/{token}/apply`): checks the screener answers,
 * resolves the customer by phone or email (customers' identity rules: the same normalised phone or email in the
 * tenant is the same person, new ones are created), tags it with the panel's tag and creates the membership —
 * active when the pass rule holds, rejected when an answer rule fails, applied (for manual review) under a manual
 * rule. One membership per customer and panel: applying again answers the existing status (dedupe by identity).
 */
export async function applyToPanel(
  tx: Tx,
  secret: string,
  tenantId: string,
  panelId: string,
  b: TPanelApply,
  now: Date,
): Promise<Applied> {
  const p = await getPanel(tx, tenantId, panelId, { lock: true });
  if (p.status !== 'open') throw new AppError('gone', 'This panel is not recruiting');
  const questions = p.screener_survey_id ? (await loadScreener(tx, tenantId, p.screener_survey_id)).questions : [];
  const answers = checkAnswers(questions, b.answers);
  const ids = [
    ...(b.phone ? [toStoredIdentity(secret, tenantId, 'phone', b.phone, 'phone')] : []),
    ...(b.email ? [toStoredIdentity(secret, tenantId, 'email', b.email, 'email')] : []),
  ];
  // The applicant acts as nobody's user: the audit log names the panel's recruitment link.
  const actor: Actor = {
    tenantId,
    kind: 'external',
    id: panelId,
    role: 'viewer',
    // Root-like scope: an applicant's profile is seen at no unit yet (createCustomer records none).
    orgUnitId: panelId,
    orgPath: `/${panelId}/`,
    name: `panel applicant ${b.name}`,
  };
  await tx.execute(sql`SELECT pg_advisory_xact_lock(hashtext(${`panel-apply:${tenantId}`}))`);
  const known = await one<{ customer_id: string }>(
    tx,
    sql`SELECT coalesce(c.merged_into, c.id) AS customer_id FROM customer_identities i
        JOIN customers c ON c.tenant_id = i.tenant_id AND c.id = i.customer_id
        WHERE i.tenant_id = ${tenantId} AND (i.kind, i.value) IN (SELECT x.kind, x.value FROM jsonb_to_recordset(${JSON.stringify(ids)}::jsonb) AS x(kind text, value text))
        ORDER BY i.created_at LIMIT 1`,
  );
  if (known) {
    const existing = await one<{ id: string; status: Applied['status']; token_version: number }>(
      tx,
      sql`SELECT id, status, token_version FROM panel_members WHERE tenant_id = ${tenantId} AND panel_id = ${panelId} AND customer_id = ${known.customer_id}`,
    );
    if (existing)
      return { memberId: existing.id, status: existing.status, tokenVersion: existing.token_version, created: false };
  }
  if (p.recruit_limit !== null && p.active >= p.recruit_limit) throw conflict('This panel is full');
  let customerId = known?.customer_id;
  if (!customerId) {
    const raw = [
      ...(b.phone ? [{ kind: 'phone' as const, value: b.phone }] : []),
      ...(b.email ? [{ kind: 'email' as const, value: b.email }] : []),
    ];
    customerId = await createCustomer(tx, actor, secret, { displayName: b.name, identities: raw }, now);
  }
  await addTags(tx, tenantId, customerId, [p.tag]);
  const pass = passes(p.pass_rule, answers);
  const status: Applied['status'] = pass ? 'active' : p.pass_rule.kind === 'manual' ? 'applied' : 'rejected';
  const id = uuidv7(now.getTime());
  await tx.execute(
    sql`INSERT INTO panel_members (tenant_id, id, panel_id, customer_id, display_name, contact_display, status, points, tier,
          screener_answers, applied_at, joined_at)
        VALUES (${tenantId}, ${id}, ${panelId}, ${customerId}, ${b.name}, ${ids.map((i) => i.display).join(' · ') || null},
          ${status}, 0, ${tierFor(p.tiers, 0)}, ${JSON.stringify(answers)}::jsonb, ${now.toISOString()},
          ${status === 'active' ? now.toISOString() : null})`,
  );
  await audit(tx, actor, 'panel.apply', 'panel_member', id, { panelId, status, identities: ids.map((i) => i.display) });
  return { memberId: id, status, tokenVersion: 1, created: true };
}
