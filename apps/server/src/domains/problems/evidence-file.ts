import { AppError, invalid } from '../../platform/errors.ts';

/** File types a task's evidence may be, each with the bytes its content must start with (null: checked as text). */
export const EVIDENCE_TYPES: Record<string, { ext: string; magic: number[][] | null }> = {
  'image/png': { ext: 'png', magic: [[0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]] },
  'image/jpeg': { ext: 'jpg', magic: [[0xff, 0xd8, 0xff]] },
  'image/webp': { ext: 'webp', magic: [[0x52, 0x49, 0x46, 0x46]] },
  'application/pdf': { ext: 'pdf', magic: [[0x25, 0x50, 0x44, 0x46, 0x2d]] },
  'text/plain': { ext: 'txt', magic: null },
};

/** The largest evidence file (bytes): photos from a phone and a scanned PDF fit; a video does not. */
export const MAX_EVIDENCE_BYTES = 5 * 1024 * 1024;

/**
 * Decodes and checks an uploaded evidence file: valid base64, at most MAX_EVIDENCE_BYTES (413), and content that
 * is what its declared type says (PNG/JPEG/WebP/PDF signatures; text must be UTF-8 without NUL bytes), so a file
 * served back with its stored type cannot be an executable or HTML in disguise (422 `file.contentType`).
 */
export function checkEvidenceFile(file: { contentType: string; data: string }): Buffer {
  const spec = EVIDENCE_TYPES[file.contentType];
  if (!spec) throw invalid('file.contentType', `one of ${Object.keys(EVIDENCE_TYPES).join(', ')}`);
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(file.data)) throw invalid('file.data', 'must be base64');
  const bytes = Buffer.from(file.data, 'base64');
  if (bytes.length === 0) throw invalid('file.data', 'the file is empty');
  if (bytes.length > MAX_EVIDENCE_BYTES)
    throw new AppError('payload_too_large', `Evidence files are at most ${MAX_EVIDENCE_BYTES / 1024 / 1024} MB`);
  if (spec.magic) {
    const ok = spec.magic.some((m) => m.every((b, i) => bytes[i] === b));
    const webp = file.contentType !== 'image/webp' || bytes.subarray(8, 12).toString('latin1') === 'WEBP';
    if (!ok || !webp) throw invalid('file.contentType', `the content is not ${file.contentType}`);
  } else {
    const text = new TextDecoder('utf-8', { fatal: false }).decode(bytes);
    if (text.includes('\uFFFD') || bytes.includes(0)) throw invalid('file.contentType', 'text must be UTF-8');
  }
  return bytes;
}

/** A file name safe for a Content-Disposition header: no path, no quotes or control characters, ASCII fallback. */
export function safeFileName(name: string, ext: string): { ascii: string; utf8: string } {
  const printable = [...(name.split(/[\\/]/).pop() ?? '')].filter((c) => c >= ' ' && c !== '\u007f' && c !== '"');
  const base = printable.join('').trim() || `evidence.${ext}`;
  const ascii = base.replace(/[^\x20-\x7e]/g, '_');
  return { ascii, utf8: encodeURIComponent(base) };
}
