import { randomUUID } from 'node:crypto';
import { audit } from '../../../platform/audit.ts';
import type { Actor } from '../../../platform/auth.ts';
import { sql, type Tx } from '../../../platform/db.ts';
import { requireUnitInScope } from '../../org/scope.ts';
import { type TReportScheduleCreate, textArray } from '../schema.ts';
import { checkRecipients } from './check-recipients.ts';

/**
 * Creates a report schedule for a unit in the caller's subtree (404 otherwise). Its first report — the last
 * complete period — goes out at the next scheduler tick; later ones when each period ends. The report is read with
 * the creator's scope at send time, so a manager who moves branch stops mailing their old branch's figures.
 */
export async function createSchedule(tx: Tx, actor: Actor, body: TReportScheduleCreate): Promise<string> {
  const unit = await requireUnitInScope(tx, actor, body.orgUnitId ?? actor.orgUnitId);
  const users = await checkRecipients(tx, actor, body.recipientUserIds);
  const emails = [...new Set(body.recipientEmails.map((e) => e.toLowerCase()))];
  const id = randomUUID();
  await tx.execute(
    sql`INSERT INTO report_schedules (tenant_id, id, name, org_unit_id, every, recipient_user_ids, recipient_emails,
          locale, enabled, created_by)
        VALUES (${actor.tenantId}, ${id}, ${body.name}, ${unit.id}, ${body.every}, ${`{${users.join(',')}}`}::uuid[],
          ${textArray(emails)}, ${body.locale}, ${body.enabled}, ${actor.id})`,
  );
  await audit(tx, actor, 'report_schedule.create', 'report_schedule', id, {
    orgUnitId: unit.id,
    every: body.every,
    recipientUsers: users.length,
    recipientEmails: emails.length,
  });
  return id;
}
