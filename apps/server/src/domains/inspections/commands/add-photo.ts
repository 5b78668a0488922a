import { randomUUID } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TChecklistItem } from '@loopcx/shared';
import { audit } from '../../../platform/audit.ts';
import type { Actor } from '../../../platform/auth.ts';
import type { AppContext } from '../../../platform/context.ts';
import { sql, type Tx } from '../../../platform/db.ts';
import { conflict, invalid } from '../../../platform/errors.ts';
import { storeFile } from '../../../platform/file-store.ts';
import type { UploadedPhoto } from '../photo.ts';
import { assertCanWork } from '../policy.ts';
import type { AuditRow } from '../presenter.ts';

/**
 * 403/409/422 before anything is stored: the caller works the audit, it is still assigned, and the item (when
 * named) is one of its pinned version.
 */
export function assertCanAddPhoto(actor: Actor, a: AuditRow, items: TChecklistItem[], itemCode: string | null) {
  assertCanWork(actor, a);
  if (a.status !== 'assigned') throw conflict(`The audit is ${a.status}; it takes no more photos`);
  if (itemCode && !items.some((i) => i.code === itemCode)) throw invalid('itemCode', 'not an item of this checklist');
}

/**
 * Puts a photo into the file store (every node reads it) under a new id, before the transaction that records it:
 * the store writes through the global handle, which must not run inside a transaction.
 */
export async function storePhoto(ctx: AppContext, tenantId: string, bytes: Buffer) {
  const id = randomUUID();
  const local = join(tmpdir(), `loopcx-audit-photo-${id}`);
  await writeFile(local, bytes);
  return { id, ref: await storeFile(ctx, tenantId, `audit-photo-${id}`, local) };
}

/** Records a stored photo on the audit. */
export async function addPhoto(
  tx: Tx,
  actor: Actor,
  a: AuditRow,
  photo: UploadedPhoto & { id: string; ref: string },
  now: Date,
) {
  await tx.execute(
    sql`INSERT INTO audit_photos (tenant_id, id, audit_id, item_code, file_ref, content_type, size, created_by, created_at)
        VALUES (${actor.tenantId}, ${photo.id}, ${a.id}, ${photo.itemCode}, ${photo.ref}, ${photo.contentType},
          ${photo.bytes.length}, ${actor.kind === 'user' ? actor.id : null}, ${now.toISOString()})`,
  );
  await audit(tx, actor, 'audit.photo', 'audit', a.id, {
    photoId: photo.id,
    itemCode: photo.itemCode,
    size: photo.bytes.length,
  });
}
