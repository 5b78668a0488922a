import { Readable, Transform, type TransformCallback } from 'node:stream';
import type { TReason } from '@loopcx/shared';
import ExcelJS from 'exceljs';
import Papa from 'papaparse';
import type { AppContext } from '../../platform/context.ts';
import { one, sql } from '../../platform/db.ts';
import { AppError } from '../../platform/errors.ts';

/** Byte encodings a CSV may come in; GB18030 reads GBK and GB2312 files too (it is their superset). */
export type TEncoding = 'utf-8' | 'utf-8-bom' | 'gb18030';
/** One cell as read: text from CSV; text, number, boolean or Date from a spreadsheet. */
export type Cell = string | number | boolean | Date | null;
/** One record of the file: its row number as a spreadsheet shows it (the header is row 1) and its cells. */
export interface SourceRow {
  row: number;
  cells: Cell[];
  /** A problem that makes the row unreadable (bytes not in the encoding, a quote not closed). */
  error?: TReason;
}

/** Chunk size of an upload in the database: big enough to move fast, small enough to never matter in memory. */
export const CHUNK_BYTES = 1024 * 1024;
/** A record (one CSV row) longer than this is an unbalanced quote swallowing the file, not a row. */
const MAX_RECORD_CHARS = 1024 * 1024;

/**
 * Guesses a CSV's encoding from its first bytes: a UTF-8 BOM, else valid UTF-8, else GB18030 when the bytes are
 * valid GB18030; null when they are neither (UTF-16, binary).
 */
export function detectEncoding(head: Uint8Array): TEncoding | null {
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return 'utf-8-bom';
  if ((head[0] === 0xff && head[1] === 0xfe) || (head[0] === 0xfe && head[1] === 0xff)) return null;
  for (const [enc, label] of [
    ['utf-8', 'utf-8'],
    ['gb18030', 'gb18030'],
  ] as const) {
    try {
      // stream: true, so a character cut at the end of the sample is not an error.
      new TextDecoder(label, { fatal: true }).decode(head, { stream: true });
      if (head.includes(0)) return null;
      return enc;
    } catch {
      // try the next one
    }
  }
  return null;
}

/** The chunks of an upload in order, one query each (a 1 GB file is read 1 MB at a time). */
export function chunkStream(
  ctx: AppContext,
  tenantId: string,
  importId: string,
  count: number,
  onChunk?: (read: number) => void,
): Readable {
  return Readable.from(
    (async function* () {
      for (let seq = 0; seq < count; seq++) {
        const c = await one<{ data: Uint8Array }>(
          ctx.db,
          sql`SELECT data FROM response_import_chunks WHERE tenant_id = ${tenantId} AND import_id = ${importId} AND seq = ${seq}`,
        );
        if (!c) throw new AppError('internal', `chunk ${seq} of import ${importId} is missing`);
        onChunk?.(seq + 1);
        yield Buffer.from(c.data.buffer, c.data.byteOffset, c.data.byteLength);
      }
    })(),
    { objectMode: false },
  );
}

/**
 * Bytes → text in the file's encoding, watching record boundaries as it goes (a newline outside quotes): a quote
 * left open for more than MAX_RECORD_CHARS, or at the end of the file, ends the text before the record it opened
 * in and leaves the reason in `failure` (with the row), instead of letting the parser read the rest of a 1 GB file
 * into one cell. The rows before it are read normally. Undecodable bytes become U+FFFD, which the reader turns into
 * a per-row reject.
 */
class DecodeCsv extends Transform {
  private decoder: TextDecoder;
  private inQuote = false;
  private recordChars = 0;
  private stopped = false;
  /** Rows completed so far (the header is row 1). */
  rows = 0;
  failure?: AppError;
  constructor(encoding: TEncoding) {
    super({ readableObjectMode: false, decodeStrings: true });
    this.decoder = new TextDecoder(encoding === 'gb18030' ? 'gb18030' : 'utf-8');
    this.setEncoding('utf8');
  }
  /** Scans `text`; answers where to cut it when a quote stays open too long (-1: pass it all). */
  private scan(text: string): number {
    let recordStart = 0;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 34) this.inQuote = !this.inQuote;
      else if (c === 10 && !this.inQuote) {
        this.rows++;
        this.recordChars = 0;
        recordStart = i + 1;
        continue;
      }
      if (++this.recordChars > MAX_RECORD_CHARS && this.inQuote) {
        this.fail();
        return recordStart;
      }
    }
    return -1;
  }
  private fail() {
    const row = this.rows + 1;
    this.failure = new AppError(
      'invalid',
      `Row ${row}: a quoted field is never closed (unbalanced quotes); fix the quotes in that row`,
      { invalidParams: [{ name: `row ${row}`, reason: 'unbalanced quotes' }] },
    );
  }
  /** The row an unbalanced quote opened in (rows from it on are not rows). */
  get failedRow() {
    return this.failure ? this.rows + 1 : Number.POSITIVE_INFINITY;
  }
  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback) {
    if (this.stopped) return done();
    const text = this.decoder.decode(chunk, { stream: true });
    const cut = this.scan(text);
    if (cut < 0) return done(null, text);
    this.stopped = true;
    this.push(text.slice(0, cut));
    this.push(null);
    this.emit('stopped');
    done();
  }
  override _flush(done: TransformCallback) {
    if (this.stopped) return done();
    const text = this.decoder.decode();
    const before = this.rows;
    let cut = this.scan(text);
    if (cut < 0 && this.inQuote) {
      this.fail();
      // The open record starts after the last newline outside quotes in this text (or in an earlier one).
      let q = false;
      let last = 0;
      for (let i = 0; i < text.length; i++) {
        const c = text.charCodeAt(i);
        if (c === 34) q = !q;
        else if (c === 10 && !q) last = i + 1;
      }
      cut = this.rows > before ? last : 0;
    }
    done(null, cut < 0 ? text : text.slice(0, cut));
  }
}

/** A spreadsheet cell's value as a plain cell (rich text joined, formulas as their result, links as text). */
function plainCell(v: unknown): Cell {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' || v instanceof Date) return v;
  const o = v as { richText?: Array<{ text: string }>; result?: unknown; text?: unknown; error?: string };
  if (o.richText) return o.richText.map((t) => t.text).join('');
  if ('result' in o) return plainCell(o.result);
  if (typeof o.text === 'string') return o.text;
  if (o.error) return null;
  return String(v);
}

export interface ReadOptions {
  format: 'csv' | 'xlsx';
  encoding: TEncoding | null;
  /** Rows handed to `onBatch` at a time; reading waits while a batch is handled (backpressure). */
  batchSize: number;
  /** Stop after this many rows (previews); undefined reads to the end. */
  limit?: number;
}

/**
 * Reads a file's rows in order and hands them over in batches, awaiting each batch before reading on, so memory
 * holds one chunk and one batch whatever the file's size. Throws an `invalid` AppError naming the row for a file
 * that cannot be read further (unbalanced quotes, not a spreadsheet).
 */
export async function readRows(
  source: Readable,
  opts: ReadOptions,
  onBatch: (rows: SourceRow[]) => Promise<void>,
): Promise<number> {
  if (opts.format === 'xlsx') return readXlsx(source, opts, onBatch);
  if (!opts.encoding) throw new AppError('invalid', 'The file is neither UTF-8 nor GB18030 text (choose an encoding)');
  const decoded = new DecodeCsv(opts.encoding);
  source.pipe(decoded);
  source.on('error', (e) => decoded.destroy(e));
  // An unbalanced quote ended the text: the rest of the file is not read.
  decoded.on('stopped', () => {
    source.unpipe(decoded);
    source.destroy();
  });
  let row = 0;
  let batch: SourceRow[] = [];
  let failed: unknown;
  await new Promise<void>((resolve, reject) => {
    decoded.on('error', (e) => {
      failed = e;
      reject(e);
    });
    Papa.parse(decoded as unknown as NodeJS.ReadableStream, {
      step(result, parser) {
        if (failed) return parser.abort();
        if (row + 1 >= decoded.failedRow) return;
        row++;
        const cells = result.data as unknown as string[];
        // Blank lines keep their row number (as a spreadsheet shows them) but are not rows.
        if (cells.length === 1 && cells[0] === '') return;
        // The first record keeps its BOM when the decoder was told UTF-8 for a BOM file; drop it.
        if (row === 1 && typeof cells[0] === 'string') cells[0] = cells[0].replace(/^\uFEFF/, '');
        const bad = cells.some((c) => c.includes('\uFFFD'));
        batch.push({
          row,
          cells,
          error: bad
            ? {
                code: 'row.bad_encoding',
                params: { encoding: opts.encoding === 'gb18030' ? 'GB18030/GBK' : 'UTF-8' },
              }
            : undefined,
        });
        if (opts.limit && row >= opts.limit) {
          parser.abort();
          return;
        }
        if (batch.length >= opts.batchSize) {
          parser.pause();
          const full = batch;
          batch = [];
          onBatch(full).then(
            () => parser.resume(),
            (e) => {
              failed = e;
              parser.abort();
              reject(e);
            },
          );
        }
      },
      complete() {
        if (failed) return;
        const rest = batch;
        batch = [];
        (rest.length ? onBatch(rest) : Promise.resolve()).then(() => resolve(), reject);
      },
      error(err: Error) {
        reject(err);
      },
    });
  });
  if (opts.limit) source.destroy();
  if (decoded.failure && !(opts.limit && row >= opts.limit)) throw decoded.failure;
  if (opts.limit) source.destroy();
  return row;
}

async function readXlsx(source: Readable, opts: ReadOptions, onBatch: (rows: SourceRow[]) => Promise<void>) {
  let row = 0;
  let batch: SourceRow[] = [];
  try {
    const reader = new ExcelJS.stream.xlsx.WorkbookReader(source, {
      entries: 'emit',
      sharedStrings: 'cache',
      hyperlinks: 'ignore',
      styles: 'cache',
      worksheets: 'emit',
    });
    for await (const sheet of reader) {
      for await (const r of sheet as unknown as AsyncIterable<ExcelJS.Row>) {
        // Blank rows between records keep the spreadsheet's numbering.
        const values = (r.values as unknown[]).slice(1).map(plainCell);
        row = r.number;
        if (values.every((v) => v === null || v === '')) continue;
        batch.push({ row, cells: values });
        if (opts.limit && batch.length >= opts.limit) break;
        if (batch.length >= opts.batchSize) {
          await onBatch(batch);
          batch = [];
        }
      }
      break; // the first sheet only
    }
  } catch (err) {
    if (err instanceof AppError) throw err;
    throw new AppError('invalid', `The spreadsheet cannot be read after row ${row}: ${(err as Error).message}`);
  } finally {
    source.destroy();
  }
  if (batch.length) await onBatch(batch);
  return row;
}
