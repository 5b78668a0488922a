import { audit } from '../../../platform/audit.ts';
import type { Actor } from '../../../platform/auth.ts';
import { sql, type Tx } from '../../../platform/db.ts';
import { invalid } from '../../../platform/errors.ts';
import { getSchedule } from '../queries/schedules.ts';
import { type TReportScheduleUpdate, textArray } from '../schema.ts';
import { checkRecipients } from './check-recipients.ts';

/** Changes a schedule in the caller's subtree (404 otherwise); it must keep at least one recipient. */
export async function updateSchedule(tx: Tx, actor: Actor, id: string, body: TReportScheduleUpdate) {
  const before = await getSchedule(tx, actor, id);
  const users = body.recipientUserIds ? await checkRecipients(tx, actor, body.recipientUserIds) : undefined;
  const emails = body.recipientEmails ? [...new Set(body.recipientEmails.map((e) => e.toLowerCase()))] : undefined;
  const userCount = users?.length ?? (before.recipient_users ?? []).length;
  const emailCount = emails?.length ?? before.recipient_emails.length;
  if (userCount + emailCount === 0) throw invalid('recipientEmails', 'a schedule needs at least one recipient');
  await tx.execute(
    sql`UPDATE report_schedules SET
          name = coalesce(${body.name ?? null}, name),
          every = coalesce(${body.every ?? null}, every),
          recipient_user_ids = coalesce(${users ? `{${users.join(',')}}` : null}::uuid[], recipient_user_ids),
          recipient_emails = ${emails ? textArray(emails) : sql`recipient_emails`},
          locale = coalesce(${body.locale ?? null}, locale),
          enabled = coalesce(${body.enabled ?? null}::boolean, enabled),
          updated_at = now()
        WHERE tenant_id = ${actor.tenantId} AND id = ${id}`,
  );
  await audit(
    tx,
    actor,
    'report_schedule.update',
    'report_schedule',
    id,
    { ...body, recipientEmails: emails?.length, recipientUserIds: users?.length },
    { every: before.every, enabled: before.enabled, locale: before.locale },
  );
}
