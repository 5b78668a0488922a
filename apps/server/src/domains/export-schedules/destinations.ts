import { createHash, createHmac } from 'node:crypto';
import { once } from 'node:events';
import { createReadStream } from 'node:fs';
import { mkdir, open, realpath, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import type { TExportDestination, TExportScheduleResponse } from '@loopcx/shared';
import type { AppContext } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { outboundRequest } from '../../platform/outbound.ts';
import { standardWebhookHeaders } from '../webhooks/sign.ts';
import { FORMAT_MEDIA_TYPE } from './formats.ts';

/** The manifest written beside each data file (and uploaded after it). */
export interface ExportManifest {
  schema: 'loopcx.export-manifest/1';
  scheduleId: string;
  runId: string;
  seq: number;
  dataset: TExportScheduleResponse['dataset'];
  format: TExportScheduleResponse['format'];
  file: string;
  rows: number;
  bytes: number;
  sha256: string;
  columns: string[];
  /** The commit-order range of the file: pg_snapshot text of the previous run's end (null: the first) and its own. */
  watermark: { from: string | null; to: string };
  createdAt: string;
}

/** Where one run writes its file, and how it is delivered once complete. */
export interface ExportTarget {
  /** Where the writer puts the bytes (a hidden temporary name; never where a consumer looks). */
  workPath: string;
  /** Moves or uploads the finished file and its manifest; the same call repeated after a crash replaces both. */
  deliver(manifest: ExportManifest): Promise<void>;
  /** Removes the work file after a failure. */
  discard(): Promise<void>;
}

const within = (root: string, path: string) => {
  const rel = relative(root, path);
  return rel === '' || (!rel.startsWith(`..${sep}`) && rel !== '..' && !isAbsolute(rel));
};

/**
 * The folder of a directory destination, created if needed: below the operator's LOOPCX_EXPORT_DIR and nowhere
 * else, checked on the path as typed and again on the real path (a symlink inside the share cannot lead out).
 */
export async function exportFolder(root: string | undefined, path: string): Promise<string> {
  if (!root) throw new AppError('invalid', 'Directory exports are switched off: LOOPCX_EXPORT_DIR is not set');
  const base = await realpath(resolve(root));
  if (!within(base, resolve(base, path)))
    throw new AppError('invalid', 'The export folder is outside LOOPCX_EXPORT_DIR');
  // One segment at a time: each existing one is resolved (symlinks followed) and must still lie under the root
  // before anything is created in it, so a link inside the share cannot make the server create folders elsewhere.
  let folder = base;
  for (const segment of path.split(/[\\/]+/).filter((p) => p && p !== '.')) {
    const next = join(folder, segment);
    let real: string;
    try {
      real = await realpath(next);
    } catch {
      await mkdir(next).catch((err: NodeJS.ErrnoException) => {
        if (err.code !== 'EEXIST') throw err;
      });
      real = await realpath(next);
    }
    if (!within(base, real)) throw new AppError('invalid', 'The export folder is outside LOOPCX_EXPORT_DIR');
    folder = real;
  }
  return folder;
}

/** Writes `data` to `path` through a temporary name, flushed to disk before the rename makes it visible. */
async function writeAtomically(path: string, data: string) {
  const tmp = `${path}.partial`;
  await writeFile(tmp, data);
  await syncFile(tmp);
  await rename(tmp, path);
}

async function syncFile(path: string) {
  const fh = await open(path, 'r+');
  try {
    await fh.sync();
  } finally {
    await fh.close();
  }
}

/** HMAC of "id.timestamp.<file bytes>" read from disk: a Standard Webhooks signature of a body never in memory. */
async function signFile(secret: string, id: string, at: Date, path: string): Promise<string> {
  const ts = Math.floor(at.getTime() / 1000);
  const hmac = createHmac('sha256', Buffer.from(secret.replace(/^whsec_/, ''), 'base64'));
  hmac.update(`${id}.${ts}.`);
  const stream = createReadStream(path);
  stream.on('data', (chunk) => hmac.update(chunk));
  await once(stream, 'end');
  return `v1,${hmac.digest('base64')}`;
}

/** A 2xx or an error naming the status (the receiver's body is not kept: it may echo the upload). */
function expectOk(status: number, what: string) {
  if (status < 200 || status > 299) throw new AppError('unavailable', `The receiver answered ${status} to the ${what}`);
}

/** Resolves where a run of a schedule writes and how it delivers. */
export async function exportTarget(
  ctx: AppContext,
  schedule: { id: string; destination: TExportDestination; secret: string; format: TExportScheduleResponse['format'] },
  runId: string,
  fileName: string,
): Promise<ExportTarget> {
  const d = schedule.destination;
  if (d.kind === 'directory') {
    const folder = await exportFolder(ctx.config.exportDir, d.path);
    const final = join(folder, fileName);
    const workPath = join(folder, `.${fileName}.partial`);
    return {
      workPath,
      async deliver(manifest) {
        await syncFile(workPath);
        await rename(workPath, final);
        // The manifest comes last: a consumer that waits for it never reads a file still being written.
        await writeAtomically(`${final}.manifest.json`, `${JSON.stringify(manifest, null, 2)}\n`);
      },
      discard: () => rm(workPath, { force: true }),
    };
  }
  const staging = join(ctx.config.dataDir.startsWith('memory://') ? tmpdir() : ctx.config.dataDir, 'export-staging');
  await mkdir(staging, { recursive: true });
  const workPath = join(staging, `${runId}-${fileName}`);
  return {
    workPath,
    async deliver(manifest) {
      // One message id per file, the same on every retry of the run, so a receiver can drop a repeat.
      const fileId = `exp_${runId}`;
      const at = ctx.clock.now();
      const signature = await signFile(schedule.secret, fileId, at, workPath);
      const data = await outboundRequest(ctx, d.url, {
        method: 'POST',
        headers: {
          'content-type': FORMAT_MEDIA_TYPE[schedule.format],
          'user-agent': 'loopcx-exports',
          'webhook-id': fileId,
          'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
          'webhook-signature': signature,
          'x-loopcx-export-file': manifest.file,
          'x-loopcx-export-rows': String(manifest.rows),
          'x-loopcx-export-sha256': manifest.sha256,
        },
        bodyFile: { path: workPath, size: manifest.bytes },
        timeoutMs: 15 * 60_000,
      });
      expectOk(data.status, 'file upload');
      const body = JSON.stringify({ type: 'export.manifest', timestamp: at.toISOString(), data: manifest });
      const manifestId = `${fileId}_manifest`;
      const m = await outboundRequest(ctx, d.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'user-agent': 'loopcx-exports',
          ...standardWebhookHeaders([schedule.secret], manifestId, ctx.clock.now(), body),
        },
        body,
        timeoutMs: 30_000,
      });
      expectOk(m.status, 'manifest');
      await rm(workPath, { force: true });
    },
    discard: () => rm(workPath, { force: true }),
  };
}

/** sha256 (hex) of a file on disk (tests and the crash proof compare manifests with files). */
export async function sha256File(path: string): Promise<string> {
  const h = createHash('sha256');
  const s = createReadStream(path);
  s.on('data', (c) => h.update(c));
  await once(s, 'end');
  return h.digest('hex');
}
