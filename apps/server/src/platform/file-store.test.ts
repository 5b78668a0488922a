import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { setupTestSuite } from '../testing/harness.ts';
import { rows, sql } from './db.ts';
import { CHUNK_BYTES, openStoredFile, storeFile } from './file-store.ts';

const env = setupTestSuite();

async function readAll(stream: Readable) {
  const parts: Buffer[] = [];
  for await (const part of stream) parts.push(part as Buffer);
  return Buffer.concat(parts);
}

describe('file store (issue 21, break 3)', () => {
  it('stores a worker’s file in the database in chunks and streams it back whole; the local copy is gone', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'loopcx-files-'));
    const local = join(dir, 'big.bin');
    const content = randomBytes(Math.floor(CHUNK_BYTES * 2.5));
    writeFileSync(local, content);
    const ref = await storeFile(env.t.ctx, env.a.tenantId, 'test-big.bin', local);
    expect(existsSync(local)).toBe(false);
    const chunks = await rows<{ seq: number }>(
      env.t.ctx.db,
      sql`SELECT seq FROM stored_file_chunks WHERE tenant_id = ${env.a.tenantId} AND file_id = 'test-big.bin' ORDER BY seq`,
    );
    expect(chunks.map((c) => c.seq)).toEqual([0, 1, 2]);
    const back = await readAll((await openStoredFile(env.t.ctx, env.a.tenantId, ref))!);
    expect(back.equals(content)).toBe(true);
    // Another tenant does not reach it by its id.
    expect(await openStoredFile(env.t.ctx, env.b.tenantId, ref)).toBeUndefined();
  });

  it('stores in the shared folder when LOOPCX_FILE_STORE=dir', async () => {
    const shared = mkdtempSync(join(tmpdir(), 'loopcx-shared-'));
    const ctx = { ...env.t.ctx, config: { ...env.t.ctx.config, fileStore: 'dir' as const, fileDir: shared } };
    const local = join(mkdtempSync(join(tmpdir(), 'loopcx-files-')), 'a.csv');
    writeFileSync(local, 'a,b\r\n1,2\r\n');
    const ref = await storeFile(ctx, env.a.tenantId, 'test-a.csv', local);
    expect(existsSync(join(shared, env.a.tenantId, 'test-a.csv'))).toBe(true);
    expect((await readAll((await openStoredFile(ctx, env.a.tenantId, ref))!)).toString()).toBe('a,b\r\n1,2\r\n');
  });
});
