import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import { surveyQuestions } from '@loopcx/shared';
import { audit } from '../../../platform/audit.ts';
import type { Actor } from '../../../platform/auth.ts';
import type { AppContext } from '../../../platform/context.ts';
import { one, sql } from '../../../platform/db.ts';
import { AppError, notFound } from '../../../platform/errors.ts';
import { uuidv7 } from '../../../platform/ids.ts';
import { isKeyRow, suggestMapping } from '../mapping.ts';
import { CHUNK_BYTES, chunkStream, detectEncoding, readRows, type SourceRow, type TEncoding } from '../source.ts';

/** Rows kept from the top of a file for the mapping page and the preview. */
export const SAMPLE_ROWS = 21;

export interface UploadImportOptions {
  fileName: string;
  encoding?: TEncoding;
  /** Uploads larger than this are refused (413) and nothing is kept. */
  maxBytes: number;
}

/** The survey an import targets, with the definition of its current version (404 for another tenant's). */
export async function importSurvey(ex: AppContext['db'], tenantId: string, surveyId: string) {
  const s = await one<{ id: string; status: string; version_id: string | null; definition: unknown }>(
    ex,
    sql`SELECT s.id, s.status, v.id AS version_id, v.definition FROM surveys s
        LEFT JOIN survey_versions v ON v.tenant_id = s.tenant_id AND v.id = s.current_version_id
        WHERE s.tenant_id = ${tenantId} AND s.id = ${surveyId}`,
  );
  if (!s) throw notFound('Survey');
  return s;
}

/**
 * Streams an upload into the database in 1 MB chunks (each its own statement, so neither memory nor a transaction
 * grows with the file), hashing it on the way; then reads its first rows to find the header, an export's key row,
 * the encoding and a suggested mapping. A file that is not readable is refused (422 naming the row) and not kept.
 */
export async function uploadImport(
  ctx: AppContext,
  actor: Actor,
  surveyId: string,
  body: Readable | undefined,
  opts: UploadImportOptions,
): Promise<string> {
  const survey = await importSurvey(ctx.db, actor.tenantId, surveyId);
  if (!survey.version_id || survey.status === 'draft' || survey.status === 'archived')
    throw new AppError('invalid', `The survey is ${survey.status}: publish it before importing responses`, {
      invalidParams: [{ name: 'surveyId', reason: `the survey is ${survey.status}` }],
    });
  if (!body || typeof body.pipe !== 'function')
    throw new AppError('invalid', 'Send the file as the request body (Content-Type text/csv or the xlsx type)');
  const id = uuidv7(ctx.clock.now().getTime());
  await ctx.db.execute(
    sql`INSERT INTO response_imports (tenant_id, id, survey_id, org_unit_id, created_by, file_name)
        VALUES (${actor.tenantId}, ${id}, ${surveyId}, ${actor.orgUnitId}, ${actor.kind === 'user' ? actor.id : null}, ${opts.fileName})`,
  );
  const drop = () =>
    ctx.db.execute(sql`DELETE FROM response_imports WHERE tenant_id = ${actor.tenantId} AND id = ${id}`);
  try {
    const hash = createHash('sha256');
    let pending: Buffer[] = [];
    let pendingBytes = 0;
    let seq = 0;
    let size = 0;
    let head: Buffer | undefined;
    const flush = async () => {
      if (!pendingBytes) return;
      const data = Buffer.concat(pending, pendingBytes);
      pending = [];
      pendingBytes = 0;
      head ??= data.subarray(0, 64 * 1024);
      await ctx.db.execute(
        sql`INSERT INTO response_import_chunks (tenant_id, import_id, seq, data) VALUES (${actor.tenantId}, ${id}, ${seq}, ${data})`,
      );
      seq++;
    };
    for await (const piece of body as AsyncIterable<Buffer>) {
      size += piece.length;
      if (size > opts.maxBytes) {
        body.destroy();
        throw new AppError('payload_too_large', `The file is larger than ${opts.maxBytes} bytes`);
      }
      hash.update(piece);
      pending.push(piece);
      pendingBytes += piece.length;
      if (pendingBytes >= CHUNK_BYTES) await flush();
    }
    await flush();
    if (!size || !head) throw new AppError('invalid', 'The file is empty');
    const format = head[0] === 0x50 && head[1] === 0x4b ? 'xlsx' : 'csv';
    const encoding = format === 'csv' ? (opts.encoding ?? detectEncoding(head)) : null;
    if (format === 'csv' && !encoding)
      throw new AppError(
        'invalid',
        'The file is neither UTF-8 nor GB18030/GBK text (UTF-16 or a binary file?); save it as CSV UTF-8 or Excel .xlsx',
      );
    const sample: SourceRow[] = [];
    await readRows(
      chunkStream(ctx, actor.tenantId, id, seq),
      { format, encoding, batchSize: SAMPLE_ROWS, limit: SAMPLE_ROWS },
      async (rows) => {
        sample.push(...rows);
      },
    );
    if (!sample.length) throw new AppError('invalid', 'The file has no rows');
    const headers = sample[0].cells.map((c, i) => (c === null || c === '' ? `#${i + 1}` : String(c).trim()));
    const questions = surveyQuestions(survey.definition);
    const keyRow = sample.length > 1 && isKeyRow(sample[1].cells, questions);
    const columns = suggestMapping(headers, keyRow ? sample[1].cells : null, questions);
    await ctx.db.execute(
      sql`UPDATE response_imports SET status = 'uploaded', format = ${format}, encoding = ${encoding},
            size_bytes = ${size}, chunk_count = ${seq}, sha256 = ${hash.digest('hex')},
            headers = ${JSON.stringify(headers)}::jsonb, key_row = ${keyRow},
            sample = ${JSON.stringify(sample.slice(1).map((r) => [r.row, ...r.cells.map((c) => (c instanceof Date ? c.toISOString() : c))]))}::jsonb,
            mapping = ${JSON.stringify({ columns, keyRow })}::jsonb
          WHERE tenant_id = ${actor.tenantId} AND id = ${id}`,
    );
    await audit(ctx.db, actor, 'response_import.upload', 'response_import', id, {
      surveyId,
      fileName: opts.fileName,
      format,
      encoding,
      sizeBytes: size,
    });
    return id;
  } catch (err) {
    body.resume();
    await drop();
    throw err;
  }
}
