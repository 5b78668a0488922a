import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { createWriteStream, type WriteStream } from 'node:fs';
import type { TExportScheduleResponse } from '@loopcx/shared';
import { ByteWriter, ParquetWriter } from 'hyparquet-writer';
import type { FeedColumn } from './datasets.ts';

type Format = TExportScheduleResponse['format'];

/** What a finished file is: its size and sha256 (hex), as its manifest states them. */
export interface WrittenFile {
  rows: number;
  bytes: number;
  sha256: string;
}

/** A streaming file writer for one format: records in, bytes to disk, nothing kept but the current row group. */
export interface FeedWriter {
  write(records: unknown[][]): Promise<void>;
  finish(): Promise<WrittenFile>;
}

export const FORMAT_EXTENSION: Record<Format, string> = { ndjson: 'ndjson', csv: 'csv', parquet: 'parquet' };
export const FORMAT_MEDIA_TYPE: Record<Format, string> = {
  ndjson: 'application/x-ndjson',
  csv: 'text/csv; charset=utf-8',
  parquet: 'application/vnd.apache.parquet',
};

/** A file that counts and hashes what it is given and waits when the disk is behind (backpressure). */
class HashedFile {
  private readonly out: WriteStream;
  private readonly hash = createHash('sha256');
  bytes = 0;
  private failure: Error | undefined;
  constructor(path: string) {
    this.out = createWriteStream(path);
    // Kept and thrown by the next write, rather than an unhandled 'error' event (a full disk, a destroyed stream).
    this.out.on('error', (err) => {
      this.failure ??= err;
    });
  }
  async put(chunk: string | Uint8Array) {
    if (this.failure) throw this.failure;
    const buf = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
    if (buf.length === 0) return;
    this.hash.update(buf);
    this.bytes += buf.length;
    if (!this.out.write(buf)) await once(this.out, 'drain');
  }
  async close(): Promise<{ bytes: number; sha256: string }> {
    if (this.failure) throw this.failure;
    this.out.end();
    await once(this.out, 'finish');
    if (this.failure) throw this.failure;
    return { bytes: this.bytes, sha256: this.hash.digest('hex') };
  }
  destroy() {
    this.out.destroy();
  }
}

/** RFC 4180: quoted when it holds a comma, quote or line break. Values are data, not spreadsheet cells. */
const csvCell = (v: unknown) => {
  if (v === null || v === undefined) return '';
  const s = String(v);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

function ndjsonWriter(file: HashedFile, columns: FeedColumn[]): FeedWriter {
  let rows = 0;
  return {
    async write(records) {
      let text = '';
      for (const rec of records) {
        const o: Record<string, unknown> = {};
        for (let i = 0; i < columns.length; i++) o[columns[i].key] = rec[i] ?? null;
        text += `${JSON.stringify(o)}\n`;
      }
      rows += records.length;
      await file.put(text);
    },
    async finish() {
      return { rows, ...(await file.close()) };
    },
  };
}

function csvWriter(file: HashedFile, columns: FeedColumn[]): FeedWriter {
  let rows = 0;
  let header = false;
  return {
    async write(records) {
      let text = header ? '' : `${columns.map((c) => csvCell(c.key)).join(',')}\r\n`;
      header = true;
      for (const rec of records) text += `${rec.map(csvCell).join(',')}\r\n`;
      rows += records.length;
      await file.put(text);
    },
    async finish() {
      if (!header) await file.put(`${columns.map((c) => csvCell(c.key)).join(',')}\r\n`);
      return { rows, ...(await file.close()) };
    },
  };
}

/** Parquet schema element of a feed column: optional UTF-8 strings, doubles and millisecond timestamps (UTC). */
function parquetElement(c: FeedColumn) {
  if (c.type === 'number') return { name: c.key, type: 'DOUBLE' as const, repetition_type: 'OPTIONAL' as const };
  if (c.type === 'timestamp')
    return {
      name: c.key,
      type: 'INT64' as const,
      converted_type: 'TIMESTAMP_MILLIS' as const,
      repetition_type: 'OPTIONAL' as const,
    };
  return {
    name: c.key,
    type: 'BYTE_ARRAY' as const,
    converted_type: 'UTF8' as const,
    repetition_type: 'OPTIONAL' as const,
  };
}

/** Rows per Parquet row group: what the writer holds in memory at most (as column arrays). */
const ROW_GROUP = 20_000;

/**
 * Parquet through hyparquet-writer (pure JavaScript, Snappy): records are buffered into column arrays and written as
 * one row group each ROW_GROUP rows; the encoded bytes are moved to disk after each group, so memory stays at one
 * group whatever the file's size. The footer (schema, row groups, statistics) is written by `finish`.
 */
function parquetWriter(file: HashedFile, columns: FeedColumn[]): FeedWriter {
  const bytes = new ByteWriter();
  const writer = new ParquetWriter({
    writer: bytes,
    schema: [{ name: 'root', num_children: columns.length }, ...columns.map(parquetElement)],
    createdBy: 'loopcx scheduled export',
  });
  let buffered: unknown[][] = [];
  let rows = 0;
  const drain = async () => {
    const chunk = new Uint8Array(bytes.buffer, 0, bytes.index).slice();
    bytes.index = 0;
    await file.put(chunk);
  };
  const flushGroup = async () => {
    if (buffered.length === 0) return;
    const columnData = columns.map((c, i) => ({
      name: c.key,
      data: buffered.map((r) => {
        const v = r[i];
        if (v === null || v === undefined) return null;
        return c.type === 'timestamp' ? new Date(v as string) : c.type === 'number' ? Number(v) : String(v);
      }),
    }));
    await writer.write({ columnData, rowGroupSize: buffered.length });
    rows += buffered.length;
    buffered = [];
    await drain();
  };
  return {
    async write(records) {
      for (const r of records) buffered.push(r);
      if (buffered.length >= ROW_GROUP) await flushGroup();
    },
    async finish() {
      await flushGroup();
      await writer.finish();
      await drain();
      return { rows, ...(await file.close()) };
    },
  };
}

/** Opens a writer of `format` onto `path` (created or truncated). */
export function openFeedWriter(format: Format, path: string, columns: FeedColumn[]): FeedWriter & { abort(): void } {
  const file = new HashedFile(path);
  const w =
    format === 'ndjson'
      ? ndjsonWriter(file, columns)
      : format === 'csv'
        ? csvWriter(file, columns)
        : parquetWriter(file, columns);
  return { ...w, abort: () => file.destroy() };
}
