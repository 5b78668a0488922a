import { createReadStream } from 'node:fs';
import { copyFile, mkdir, rename, stat, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import type { AppContext } from './context.ts';
import { one, sql } from './db.ts';

/** Bytes per stored chunk: big enough that a 100 MB export is ~100 rows, small enough to stream without buffering. */
export const CHUNK_BYTES = 1024 * 1024;

/** What `exports.file` holds for a stored file (older rows hold a local path). */
export const STORED_PREFIX = 'stored:';

const safeId = (id: string) => {
  if (!/^[\w.-]{1,200}$/.test(id)) throw new Error(`not a stored file id: ${id}`);
  return id;
};

/**
 * Stores a finished local file (a worker's temp file) where every node reads it: in the database in chunks of
 * CHUNK_BYTES (LOOPCX_FILE_STORE=db, the default), or in the shared folder LOOPCX_FILE_DIR (=dir), written under a
 * temporary name and renamed so a reader never sees half a file. Streams: the file is never held in memory whole.
 * The local file is removed afterwards. Returns the value to keep in the owner's row (`stored:<id>`).
 */
export async function storeFile(ctx: AppContext, tenantId: string, id: string, localPath: string): Promise<string> {
  safeId(id);
  const { size } = await stat(localPath);
  const store = ctx.config.fileStore;
  await ctx.db.execute(sql`DELETE FROM stored_files WHERE tenant_id = ${tenantId} AND id = ${id}`);
  await ctx.db.execute(
    sql`INSERT INTO stored_files (tenant_id, id, store, location, size) VALUES (${tenantId}, ${id}, ${store}, ${store === 'dir' ? join(tenantId, id) : null}, ${size})`,
  );
  if (store === 'dir') {
    const dir = join(ctx.config.fileDir!, tenantId);
    await mkdir(dir, { recursive: true });
    const tmp = join(dir, `.${id}.${process.pid}.tmp`);
    await copyFile(localPath, tmp);
    await rename(tmp, join(dir, id));
  } else {
    let seq = 0;
    for await (const chunk of createReadStream(localPath, { highWaterMark: CHUNK_BYTES })) {
      await ctx.db.execute(
        sql`INSERT INTO stored_file_chunks (tenant_id, file_id, seq, data) VALUES (${tenantId}, ${id}, ${seq++}, ${chunk as Buffer})`,
      );
    }
  }
  await ctx.db.execute(sql`UPDATE stored_files SET complete = true WHERE tenant_id = ${tenantId} AND id = ${id}`);
  await unlink(localPath).catch(() => {});
  return `${STORED_PREFIX}${id}`;
}

/**
 * Opens a stored file for reading on any node, chunk by chunk (one row in memory at a time); undefined when it is
 * not (or not yet completely) stored. `ref` is what storeFile returned.
 */
export async function openStoredFile(ctx: AppContext, tenantId: string, ref: string): Promise<Readable | undefined> {
  if (!ref.startsWith(STORED_PREFIX)) return undefined;
  const id = safeId(ref.slice(STORED_PREFIX.length));
  const file = await one<{ store: string; location: string | null }>(
    ctx.db,
    sql`SELECT store, location FROM stored_files WHERE tenant_id = ${tenantId} AND id = ${id} AND complete`,
  );
  if (!file) return undefined;
  if (file.store === 'dir') {
    if (!ctx.config.fileDir) return undefined;
    return createReadStream(join(ctx.config.fileDir, file.location!));
  }
  async function* chunks() {
    for (let seq = 0; ; seq++) {
      const row = await one<{ data: Uint8Array }>(
        ctx.db,
        sql`SELECT data FROM stored_file_chunks WHERE tenant_id = ${tenantId} AND file_id = ${id} AND seq = ${seq}`,
      );
      if (!row) return;
      yield Buffer.from(row.data);
    }
  }
  return Readable.from(chunks(), { objectMode: false });
}

/**
 * Deletes a stored file wherever it lives (its chunks, or the shared folder's copy) and its row; a local path from an
 * older row is unlinked. Missing files are fine: deleting twice, or after a crash halfway, ends in the same state.
 */
export async function deleteStoredFile(ctx: AppContext, tenantId: string, ref: string): Promise<void> {
  if (!ref.startsWith(STORED_PREFIX)) {
    await unlink(ref).catch(() => {});
    return;
  }
  const id = safeId(ref.slice(STORED_PREFIX.length));
  const file = await one<{ store: string; location: string | null }>(
    ctx.db,
    sql`SELECT store, location FROM stored_files WHERE tenant_id = ${tenantId} AND id = ${id}`,
  );
  if (file?.store === 'dir' && file.location && ctx.config.fileDir)
    await unlink(join(ctx.config.fileDir, file.location)).catch(() => {});
  // The chunks go with the row (ON DELETE CASCADE).
  await ctx.db.execute(sql`DELETE FROM stored_files WHERE tenant_id = ${tenantId} AND id = ${id}`);
}
