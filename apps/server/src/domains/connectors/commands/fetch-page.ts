import { parseFeed } from 'feedsmith';
import sanitizeHtml from 'sanitize-html';
import type { AppContext } from '../../../platform/context.ts';
import { parseJsonField } from '../../../platform/json-guard.ts';
import { outboundRequest } from '../../../platform/outbound.ts';
import { type MappedItem, mapItem, valueAt } from '../mapping.ts';
import type { ConnectorRow } from '../queries/get-connector.ts';

/** A feed or API page is read up to this size; a longer answer is an error rather than a silently cut page. */
export const MAX_PAGE_BYTES = 4 * 1024 * 1024;
const TIMEOUT_MS = 15_000;

/** One fetched page: its mapped items, the rejected ones, and the cursor after it. */
export interface Page {
  fetched: number;
  items: Array<{ index: number; item: MappedItem }>;
  errors: Array<{ index: number; reason: string }>;
  nextCursor: string | null;
}

/** Fetches through platform/outbound.ts (SSRF rules, LOOPCX_OUTBOUND_ALLOW): never a bare fetch. */
async function get(ctx: AppContext, url: string, accept: string): Promise<string> {
  const res = await outboundRequest(ctx, url, {
    headers: { accept, 'user-agent': 'loopcx-connector/1' },
    timeoutMs: TIMEOUT_MS,
    maxResponseBytes: MAX_PAGE_BYTES,
  });
  const origin = new URL(url).origin;
  if (res.status < 200 || res.status >= 300) throw new Error(`HTTP ${res.status} from ${origin}`);
  if (res.truncated) throw new Error(`The answer from ${origin} is larger than ${MAX_PAGE_BYTES} bytes`);
  return res.body;
}

const plain = (html: string | undefined) =>
  html ? sanitizeHtml(html, { allowedTags: [], allowedAttributes: {} }).replace(/\s+/g, ' ').trim() : '';

interface FeedEntry {
  id?: string;
  title?: string;
  text?: string;
  link?: string;
  author?: string;
  at?: string;
}

/** RSS 2.0, Atom 1.0, RDF and JSON Feed entries, as parsed by feedsmith, flattened to what a feedback item needs. */
function feedEntries(body: string): FeedEntry[] {
  const parsed = parseFeed(body) as { format: string; feed: Record<string, unknown> };
  const f = parsed.feed as Record<string, unknown>;
  const val = (v: unknown): string | undefined =>
    typeof v === 'string'
      ? v
      : v && typeof v === 'object' && 'value' in v
        ? String((v as { value: unknown }).value)
        : undefined;
  if (parsed.format === 'atom') {
    return ((f.entries as Array<Record<string, unknown>>) ?? []).map((e) => ({
      id: val(e.id),
      title: val(e.title),
      text: val(e.content) ?? val(e.summary),
      link: (e.links as Array<{ href?: string; rel?: string }> | undefined)?.find(
        (l) => !l.rel || l.rel === 'alternate',
      )?.href,
      author: (e.authors as Array<{ name?: string }> | undefined)?.[0]?.name,
      at: val(e.updated) ?? val(e.published),
    }));
  }
  if (parsed.format === 'json') {
    return ((f.items as Array<Record<string, unknown>>) ?? []).map((e) => ({
      id: val(e.id),
      title: val(e.title),
      text: val(e.content_text) ?? val(e.content_html) ?? val(e.summary),
      link: val(e.url),
      author: (e.authors as Array<{ name?: string }> | undefined)?.[0]?.name,
      at: val(e.date_modified) ?? val(e.date_published),
    }));
  }
  return ((f.items as Array<Record<string, unknown>>) ?? []).map((e) => ({
    id: val(e.guid),
    title: val(e.title),
    text: val(e.description) ?? val((e.content as { encoded?: string } | undefined)?.encoded),
    link: val(e.link),
    author:
      (e.authors as Array<{ name?: string }> | undefined)?.[0]?.name ??
      val((e.dc as { creator?: string } | undefined)?.creator),
    at: val(e.pubDate) ?? val((e.dc as { date?: string } | undefined)?.date),
  }));
}

/**
 * Reads an RSS/Atom feed. The cursor is the newest entry time already stored: older entries are skipped, the same
 * time is kept (two entries in one second), and de-duplication by entry id (guid, else link) drops what was seen.
 */
export async function fetchFeed(ctx: AppContext, c: ConnectorRow): Promise<Page> {
  const body = await get(ctx, c.url!, 'application/rss+xml, application/atom+xml, application/xml;q=0.9, */*;q=0.5');
  let entries: FeedEntry[];
  try {
    entries = feedEntries(body);
  } catch (err) {
    throw new Error(`Not an RSS or Atom feed (${(err as Error).message.slice(0, 100)})`);
  }
  const since = c.cursor ? Date.parse(c.cursor) : Number.NaN;
  const page: Page = { fetched: entries.length, items: [], errors: [], nextCursor: c.cursor };
  let newest = Number.isNaN(since) ? 0 : since;
  for (const [index, e] of entries.entries()) {
    const text = [plain(e.title), plain(e.text)].filter(Boolean).join('\n');
    const m = mapItem(
      { text, id: e.id ?? e.link, author: e.author, url: e.link, at: e.at },
      { text: 'text', externalId: 'id', author: 'author', url: 'url', occurredAt: 'at' },
    );
    if ('reason' in m) {
      page.errors.push({ index, reason: m.reason });
      continue;
    }
    if (!m.item.externalId) {
      page.errors.push({ index, reason: 'no guid, id or link' });
      continue;
    }
    const at = m.item.occurredAt ? Date.parse(m.item.occurredAt) : Number.NaN;
    if (!Number.isNaN(since) && !Number.isNaN(at) && at < since) continue;
    if (!Number.isNaN(at) && at > newest) newest = at;
    page.items.push({ index, item: m.item });
  }
  if (newest) page.nextCursor = new Date(newest).toISOString();
  return page;
}

/**
 * Reads one page of a JSON API: `url` plus `?<cursorParam>=<cursor>` once a cursor is known. The items are the
 * array at `itemsPath` (or the answer itself); the next cursor is the value at `cursorPath`, or else the last
 * item's external id. A page without items, or a cursor that did not move, ends the poll.
 */
export async function fetchJsonPage(ctx: AppContext, c: ConnectorRow, cursor: string | null): Promise<Page> {
  const url = new URL(c.url!);
  if (cursor && c.cursor_param) url.searchParams.set(c.cursor_param, cursor);
  const text = await get(ctx, url.toString(), 'application/json');
  let body: unknown;
  try {
    body = parseJsonField(text, 'answer');
  } catch {
    throw new Error(`The answer from ${url.origin} is not JSON`);
  }
  const list = c.items_path ? valueAt(body, c.items_path) : body;
  if (!Array.isArray(list)) throw new Error(`No item array at ${c.items_path ?? 'the top level'} of the answer`);
  const page: Page = { fetched: list.length, items: [], errors: [], nextCursor: cursor };
  list.forEach((raw, index) => {
    const m = mapItem(raw, c.mapping);
    if ('reason' in m) page.errors.push({ index, reason: m.reason });
    else if (!m.item.externalId) page.errors.push({ index, reason: `no external id at ${c.mapping.externalId}` });
    else page.items.push({ index, item: m.item });
  });
  const next = c.cursor_path ? valueAt(body, c.cursor_path) : page.items.at(-1)?.item.externalId;
  // No next cursor (the source's last page): keep the position reached.
  if (typeof next === 'string' || typeof next === 'number') page.nextCursor = String(next).slice(0, 500);
  return page;
}
