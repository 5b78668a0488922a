import { MAX_FEEDBACK_TEXT } from '../feedback/schema.ts';
import type { TConnectorMapping } from './schema.ts';

/** The value at a path (`$.data.comment`, `images[0].url`; see ZJsonPath) in a JSON value; undefined when absent. */
export function valueAt(root: unknown, path: string): unknown {
  const steps = path.replace(/^\$\./, '').match(/[^.[\]]+|\[\d+\]/g) ?? [];
  let cur: unknown = root;
  for (const step of steps) {
    if (cur === null || typeof cur !== 'object') return undefined;
    if (step.startsWith('[')) {
      if (!Array.isArray(cur)) return undefined;
      cur = cur[Number(step.slice(1, -1))];
    } else {
      // Own properties only: a path must never reach Object.prototype.
      if (!Object.hasOwn(cur, step)) return undefined;
      cur = (cur as Record<string, unknown>)[step];
    }
  }
  return cur;
}

/** An item as mapped, before the unit code is resolved; `reason` set when it cannot be stored. */
export interface MappedItem {
  text?: string;
  externalId?: string;
  author?: string;
  rating?: number;
  url?: string;
  occurredAt?: string;
  channel?: string;
  customerRef?: string;
  orgUnitCode?: string;
}

const str = (v: unknown, max: number): string | undefined => {
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  if (typeof v !== 'string') return undefined;
  const s = v.trim();
  return s ? s.slice(0, max) : undefined;
};

/**
 * Applies a connector's mapping to one source item. Returns the mapped fields or the reason the item is rejected
 * (no text, a rating or time that does not parse). Text longer than a feedback item holds is cut, not refused:
 * a long call transcript is still worth analysing.
 */
export function mapItem(item: unknown, mapping: TConnectorMapping): { item: MappedItem } | { reason: string } {
  if (item === null || typeof item !== 'object' || Array.isArray(item)) return { reason: 'not a JSON object' };
  const get = (field: keyof TConnectorMapping) => (mapping[field] ? valueAt(item, mapping[field]!) : undefined);
  const text = str(get('text'), MAX_FEEDBACK_TEXT);
  if (!text) return { reason: `no text at ${mapping.text ?? '(unmapped)'}` };
  const out: MappedItem = { text };
  out.externalId = str(get('externalId'), 200);
  out.author = str(get('author'), 200);
  out.channel = str(get('channel'), 100);
  out.customerRef = str(get('customerRef'), 200);
  out.orgUnitCode = str(get('orgUnitCode'), 200);
  const url = str(get('url'), 2000);
  if (url && /^https?:\/\//i.test(url) && URL.canParse(url)) out.url = url;
  const rating = get('rating');
  if (rating !== undefined && rating !== null && rating !== '') {
    const n = typeof rating === 'number' ? rating : Number(rating);
    if (!Number.isFinite(n) || n < 0 || n > 10) return { reason: `rating ${String(rating).slice(0, 20)} is not 0–10` };
    out.rating = n;
  }
  const at = get('occurredAt');
  if (at !== undefined && at !== null && at !== '') {
    // Unix seconds or milliseconds, or any date string Date understands (ISO 8601, RFC 2822).
    const d = typeof at === 'number' ? new Date(at < 1e12 ? at * 1000 : at) : new Date(String(at));
    if (Number.isNaN(d.getTime())) return { reason: `time ${String(at).slice(0, 40)} does not parse` };
    out.occurredAt = d.toISOString();
  }
  return { item: out };
}
