import type { TFeedbackImportResponse } from '@loopcx/shared';
import Papa from 'papaparse';
import { type Actor, atTenantRoot } from '../../../platform/auth.ts';
import type { Clock } from '../../../platform/clock.ts';
import type { Executor } from '../../../platform/db.ts';
import { AppError } from '../../../platform/errors.ts';
import { WRITABLE_FEEDBACK_SOURCES as FEEDBACK_SOURCES, ZFeedbackCreate } from '../schema.ts';
import { type FeedbackInsert, insertFeedback, scopeLookups } from './create-feedback.ts';

export const MAX_FEEDBACK_IMPORT_ROWS = 20_000;

/** What an import did (the feedback contract's answer to POST /feedback/import). */
export type FeedbackImportReport = TFeedbackImportResponse;

// Header aliases so exports from Chinese tools import as they are.
const ALIASES: Record<string, string> = {
  来源: 'source',
  来源类型: 'source',
  类型: 'source',
  渠道: 'channel',
  平台: 'channel',
  链接: 'url',
  网址: 'url',
  作者: 'author',
  用户: 'author',
  昵称: 'author',
  内容: 'text',
  正文: 'text',
  评论: 'text',
  文本: 'text',
  评分: 'rating',
  星级: 'rating',
  门店: 'org_unit',
  门店编码: 'org_unit',
  单位: 'org_unit',
  单位编码: 'org_unit',
  组织: 'org_unit',
  触点: 'touchpoint',
  会员: 'customer_ref',
  会员号: 'customer_ref',
  客户: 'customer_ref',
  编号: 'external_id',
  外部编号: 'external_id',
  时间: 'occurred_at',
  发布时间: 'occurred_at',
  日期: 'occurred_at',
  content: 'text',
  body: 'text',
  comment: 'text',
  review: 'text',
  stars: 'rating',
  unit: 'org_unit',
  org_unit_code: 'org_unit',
  store: 'org_unit',
  unit_code: 'org_unit',
  store_code: 'org_unit',
  org_unit_id: 'org_unit',
  touchpoint_code: 'touchpoint',
  touchpoint_id: 'touchpoint',
  customer: 'customer_ref',
  member: 'customer_ref',
  member_id: 'customer_ref',
  id: 'external_id',
  time: 'occurred_at',
  date: 'occurred_at',
  created_at: 'occurred_at',
  handle: 'author',
};
const SOURCE_ALIASES: Record<string, (typeof FEEDBACK_SOURCES)[number]> = {
  社交: 'social',
  社交媒体: 'social',
  微博: 'social',
  小红书: 'social',
  抖音: 'social',
  论坛: 'forum',
  点评: 'app_review',
  评价: 'app_review',
  应用评价: 'app_review',
  应用商店: 'app_review',
  大众点评: 'app_review',
  美团: 'app_review',
  通话: 'call_transcript',
  通话记录: 'call_transcript',
  电话: 'call_transcript',
  客服电话: 'call_transcript',
  其他: 'other',
  review: 'app_review',
  call: 'call_transcript',
  transcript: 'call_transcript',
};
const KNOWN = new Set([
  'source',
  'channel',
  'url',
  'author',
  'text',
  'rating',
  'org_unit',
  'touchpoint',
  'customer_ref',
  'external_id',
  'occurred_at',
]);

// NUL and lone surrogates cannot be stored in PostgreSQL text: such a row is reported instead of failing the batch.
function unstorable(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 0) return true;
    if (c >= 0xd800 && c <= 0xdbff) {
      const next = s.charCodeAt(i + 1);
      if (!(next >= 0xdc00 && next <= 0xdfff)) return true;
      i++;
    } else if (c >= 0xdc00 && c <= 0xdfff) return true;
  }
  return false;
}

const normaliseHeader = (h: string) => {
  const k = h
    .replace(/^\uFEFF/, '')
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, '_');
  return KNOWN.has(k) ? k : (ALIASES[k] ?? k);
};

/** `2026-11-01 12:30` (tenant wall time is not known here: read as UTC), ISO with offset, or a date. */
function parseTime(v: string): string | undefined {
  const s = v.trim().replace(/\//g, '-');
  const m = /^(\d{4}-\d{1,2}-\d{1,2})(?:[ T](\d{1,2}:\d{2}(?::\d{2})?))?$/.exec(s);
  const d = m
    ? new Date(`${m[1].replace(/-(\d)(?=-|$)/g, '-0$1')}T${(m[2] ?? '00:00').padStart(5, '0')}Z`)
    : new Date(s);
  return Number.isNaN(d.getTime()) || d.getUTCFullYear() < 1990 || d.getUTCFullYear() > 2100
    ? undefined
    : d.toISOString();
}

/**
 * Imports feedback items from CSV (header row; Chinese headers such as 来源,内容,门店,时间 welcome). Every row is
 * reported: bad rows are listed with the field and reason and skipped; good rows are stored; a row seen before
 * (same source and external id) is counted as a duplicate. Items go to units in the caller's scope only.
 */
export async function importFeedback(
  tx: Executor,
  clock: Clock,
  actor: Actor,
  csv: string,
  opts: { dryRun?: boolean } = {},
): Promise<FeedbackImportReport> {
  const parsed = Papa.parse<string[]>(csv.replace(/^\uFEFF/, ''), { skipEmptyLines: 'greedy' });
  const [header, ...data] = parsed.data;
  if (!header || header.length === 0)
    throw new AppError('invalid', 'The CSV has no header row', { invalidParams: [{ name: 'csv', reason: 'empty' }] });
  if (data.length > MAX_FEEDBACK_IMPORT_ROWS)
    throw new AppError(
      'payload_too_large',
      `At most ${MAX_FEEDBACK_IMPORT_ROWS} rows per import; this file has ${data.length}`,
    );
  const cols = header.map(normaliseHeader);
  if (!cols.includes('text')) {
    throw new AppError('invalid', 'The CSV needs a text column (text, content, 内容, 评论…)', {
      invalidParams: [{ name: 'csv', reason: 'no text column' }],
    });
  }
  const look = await scopeLookups(tx, actor);
  const root = atTenantRoot(actor);
  const errors: FeedbackImportReport['errors'] = [];
  const good: FeedbackInsert[] = [];
  const now = clock.now().toISOString();
  for (const [i, r] of data.entries()) {
    const row = i + 2;
    const cell = (name: string) => {
      const at = cols.indexOf(name);
      const v = at >= 0 ? (r[at] ?? '').trim() : '';
      return v === '' ? undefined : v;
    };
    if (r.length !== header.length) {
      errors.push({ row, reason: `expected ${header.length} columns, found ${r.length}` });
      continue;
    }
    const sourceRaw = cell('source') ?? 'other';
    const source = (FEEDBACK_SOURCES as readonly string[]).includes(sourceRaw.toLowerCase())
      ? sourceRaw.toLowerCase()
      : SOURCE_ALIASES[sourceRaw.toLowerCase()];
    if (!source) {
      errors.push({
        row,
        field: 'source',
        reason: `"${sourceRaw.slice(0, 40)}" is not one of ${FEEDBACK_SOURCES.join(', ')}`,
      });
      continue;
    }
    const unitRaw = cell('org_unit');
    const orgUnitId = unitRaw ? look.unit(unitRaw) : undefined;
    if (unitRaw && !orgUnitId) {
      errors.push({ row, field: 'org_unit', reason: `no unit "${unitRaw.slice(0, 64)}" in your scope` });
      continue;
    }
    if (!orgUnitId && !root) {
      errors.push({ row, field: 'org_unit', reason: 'required: give the code of one of your units' });
      continue;
    }
    const tpRaw = cell('touchpoint');
    const touchpointId = tpRaw ? look.touchpoint(tpRaw) : undefined;
    if (tpRaw && !touchpointId) {
      errors.push({ row, field: 'touchpoint', reason: `no touchpoint "${tpRaw.slice(0, 64)}"` });
      continue;
    }
    const timeRaw = cell('occurred_at');
    const occurredAt = timeRaw ? parseTime(timeRaw) : now;
    if (!occurredAt) {
      errors.push({
        row,
        field: 'occurred_at',
        reason: `"${timeRaw!.slice(0, 40)}" is not a date/time (YYYY-MM-DD HH:mm or ISO 8601)`,
      });
      continue;
    }
    const ratingRaw = cell('rating');
    const parsedItem = ZFeedbackCreate.safeParse({
      source,
      channel: cell('channel'),
      url: cell('url'),
      author: cell('author'),
      text: cell('text') ?? '',
      rating: ratingRaw === undefined ? undefined : Number(ratingRaw),
      orgUnitId,
      touchpointId,
      customerRef: cell('customer_ref'),
      externalId: cell('external_id'),
    });
    if (!parsedItem.success) {
      const issue = parsedItem.error.issues[0];
      const field = String(issue.path[0] ?? 'text');
      errors.push({
        row,
        field: field === 'customerRef' ? 'customer_ref' : field === 'externalId' ? 'external_id' : field,
        reason: issue.message,
      });
      continue;
    }
    if (Object.values(parsedItem.data).some((v) => typeof v === 'string' && unstorable(v))) {
      errors.push({
        row,
        field: 'text',
        reason: 'contains a character that cannot be stored (NUL or a lone surrogate)',
      });
      continue;
    }
    good.push({ ...parsedItem.data, occurredAt });
  }
  const ids = await insertFeedback(tx, actor.tenantId, actor.kind === 'user' ? actor.id : null, good);
  return {
    dryRun: !!opts.dryRun,
    rows: data.length,
    imported: ids.length,
    duplicates: good.length - ids.length,
    errors,
  };
}
