// Hand-written checks for the ingest hot paths (responses and events batches), where zod's per-item cost shows.
// They only ever say "plainly valid"; anything else goes through the zod schema, which words the errors.

export const UUID_RE = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
/** An ISO 8601 date-time with an offset or Z, as zod's `z.iso.datetime({ offset: true })` accepts. */
export const ISO_DATETIME_RE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/;

/** A JSON object as JSON.parse makes it (not an array, not a class instance). */
export const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  !!v && typeof v === 'object' && !Array.isArray(v) && Object.getPrototypeOf(v) === Object.prototype;
