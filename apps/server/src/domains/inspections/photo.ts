import { AppError, invalid } from '../../platform/errors.ts';
import type { Router } from '../../platform/routing.ts';

/** The largest photo (bytes): a phone's JPEG fits; a video does not. */
export const MAX_PHOTO_BYTES = 5 * 1024 * 1024;

/** Image types an audit photo may be, each with the bytes its content must start with. */
const SIGNATURES: Array<{ type: string; test: (b: Buffer) => boolean }> = [
  { type: 'image/jpeg', test: (b) => b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff },
  {
    type: 'image/png',
    test: (b) => b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])),
  },
  {
    type: 'image/webp',
    test: (b) => b.subarray(0, 4).toString('latin1') === 'RIFF' && b.subarray(8, 12).toString('latin1') === 'WEBP',
  },
];

/**
 * What the multipart parser leaves as the request body: its size in view, its bytes out of view (non-enumerable),
 * so the audit log's record of a refused upload holds `{ size }` rather than megabytes of image.
 */
export interface MultipartBody {
  size: number;
  readonly bytes: Buffer;
}

export function multipartBody(bytes: Buffer): MultipartBody {
  return Object.defineProperty({ size: bytes.length }, 'bytes', { value: bytes, enumerable: false }) as MultipartBody;
}

export interface UploadedPhoto {
  bytes: Buffer;
  contentType: string;
  itemCode: string | null;
}

/**
 * Reads `multipart/form-data` with one `file` (JPEG, PNG or WebP, at most MAX_PHOTO_BYTES) and an optional
 * `itemCode`. The type is what the bytes are (magic numbers), and must match the declared part type: a file served
 * back with its stored type can then never be HTML or a script in disguise.
 */
export async function readPhotoUpload(body: unknown, contentType: string | undefined): Promise<UploadedPhoto> {
  const raw = (body as Partial<MultipartBody> | undefined)?.bytes;
  if (!Buffer.isBuffer(raw) || !contentType?.toLowerCase().startsWith('multipart/form-data'))
    throw new AppError('unsupported_media_type', 'Send the photo as multipart/form-data with a `file` field');
  let form: FormData;
  try {
    form = await new Response(new Uint8Array(raw), { headers: { 'content-type': contentType } }).formData();
  } catch {
    throw new AppError('bad_request', 'The multipart body could not be read');
  }
  const file = form.get('file');
  if (!file || typeof file === 'string') throw invalid('file', 'one image file is required');
  if (form.getAll('file').length > 1) throw invalid('file', 'send one file per request');
  if (file.size > MAX_PHOTO_BYTES)
    throw new AppError('payload_too_large', `Photos are at most ${MAX_PHOTO_BYTES / 1024 / 1024} MB`);
  if (file.size === 0) throw invalid('file', 'the file is empty');
  const bytes = Buffer.from(await file.arrayBuffer());
  const sig = SIGNATURES.find((s) => s.test(bytes));
  if (!sig) throw invalid('file', 'the content is not a JPEG, PNG or WebP image');
  if (file.type && file.type !== sig.type && file.type !== 'application/octet-stream')
    throw invalid('file', `the content is ${sig.type}, not ${file.type}`);
  const code = form.get('itemCode');
  const itemCode = typeof code === 'string' && code.trim() ? code.trim() : null;
  if (itemCode !== null && !/^[A-Za-z0-9][A-Za-z0-9_.-]{0,39}$/.test(itemCode))
    throw invalid('itemCode', 'letters, digits, _ . - (up to 40)');
  return { bytes, contentType: sig.type, itemCode };
}

/** A photo upload's request body limit: the photo and its multipart framing. */
export const PHOTO_BODY_LIMIT = MAX_PHOTO_BYTES + 64 * 1024;

/**
 * Registers `routes` in a scope that reads multipart/form-data whole (bounded by `PHOTO_BODY_LIMIT`), parsed only
 * when a handler calls `readPhotoUpload` — after it resolved the audit, so a wrong id or link is a 404 whatever the
 * body. The internal and the external inspector's upload share it.
 */
export function photoUploadScope(r: Router, routes: (scope: Router) => void) {
  return r.register(async (scope) => {
    scope.addContentTypeParser(
      'multipart/form-data',
      { parseAs: 'buffer', bodyLimit: PHOTO_BODY_LIMIT },
      (_req, body, done) => done(null, multipartBody(body as Buffer)),
    );
    routes(scope);
  });
}
