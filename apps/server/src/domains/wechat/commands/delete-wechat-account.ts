import { audit } from '../../../platform/audit.ts';
import { type Actor, assertPerson, authorize } from '../../../platform/auth.ts';
import { type Executor, rows, sql } from '../../../platform/db.ts';
import { notFound } from '../../../platform/errors.ts';

/** Removes the tenant's official account: the survey page stops asking WeChat for openids at once. */
export async function deleteWechatAccount(tx: Executor, actor: Actor): Promise<void> {
  authorize(actor, 'security.manage');
  assertPerson(actor, 'change the WeChat official account');
  const gone = await rows<{ app_id: string }>(
    tx,
    sql`DELETE FROM wechat_accounts WHERE tenant_id = ${actor.tenantId} RETURNING app_id`,
  );
  if (!gone.length) throw notFound('WeChat official account');
  await audit(tx, actor, 'wechat.account.delete', 'tenant', actor.tenantId, undefined, { appId: gone[0].app_id });
}
