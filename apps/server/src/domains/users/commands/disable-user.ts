import { audit } from '../../../platform/audit.ts';
import type { Actor } from '../../../platform/auth.ts';
import { sql, type Tx } from '../../../platform/db.ts';
import { conflict, forbidden } from '../../../platform/errors.ts';
import { getUser } from '../queries/get-user.ts';
import { assertOwnerRemains } from './assert-owner-remains.ts';

/** Disables a user in the caller's scope and ends their sessions; history keeps their name. */
export async function disableUser(tx: Tx, actor: Actor, id: string): Promise<void> {
  const u = await getUser(tx, actor, id);
  if (u.role === 'owner' && actor.role !== 'owner') throw forbidden('Only an owner may disable an owner');
  if (u.id === actor.id) throw conflict('You cannot disable yourself');
  if (u.role === 'owner') await assertOwnerRemains(tx, actor, u.id);
  await tx.execute(sql`UPDATE users SET status = 'disabled' WHERE tenant_id = ${actor.tenantId} AND id = ${u.id}`);
  await tx.execute(sql`DELETE FROM sessions WHERE tenant_id = ${actor.tenantId} AND user_id = ${u.id}`);
  await audit(tx, actor, 'user.disable', 'user', u.id);
}
