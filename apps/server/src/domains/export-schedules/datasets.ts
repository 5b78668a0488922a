import type { TExportScheduleResponse, TUiLang } from '@loopcx/shared';
import type { SQL } from 'drizzle-orm';
import type { AppContext } from '../../platform/context.ts';
import { rows, sql } from '../../platform/db.ts';
import { unitIdsUnder } from '../org/scope.ts';
import { type ExportRow, exportColumns, unionQuestions } from '../responses/export-columns.ts';
import { type ExportRange, scanRange } from './watermark.ts';

/** A column of a feed: its key (the header), its type in typed formats (Parquet), its cell. */
export interface FeedColumn {
  key: string;
  type: 'string' | 'number' | 'timestamp';
  cell: (row: any) => unknown;
}

/** What a run streams: the columns and the pages of records (one array per row, in column order). */
export interface FeedPlan {
  columns: FeedColumn[];
  pages: AsyncGenerator<unknown[][]>;
}

/** The scope and range one run reads. */
export interface FeedScope {
  tenantId: string;
  /** The schedule's unit path: rows of units in its subtree (and rows without a unit when it is the root). */
  orgPath: string;
  isRoot: boolean;
  range: ExportRange;
  pageSize: number;
}

const iso = (v: unknown) => (v === null || v === undefined ? null : new Date(v as string).toISOString());
const str = (key: string, pick: (r: any) => unknown = (r) => r[key]): FeedColumn => ({
  key,
  type: 'string',
  cell: (r) => {
    const v = pick(r);
    return v === null || v === undefined ? null : typeof v === 'object' ? JSON.stringify(v) : String(v);
  },
});
const num = (key: string, pick: (r: any) => unknown = (r) => r[key]): FeedColumn => ({
  key,
  type: 'number',
  cell: (r) => {
    const v = pick(r);
    return v === null || v === undefined || v === '' ? null : Number(v);
  },
});
const time = (key: string): FeedColumn => ({ key, type: 'timestamp', cell: (r) => iso(r[key]) });

/** `<alias>.org_unit_id` lies in the schedule's subtree (rows without a unit belong to the root only). */
function unitScope(alias: string, s: FeedScope): SQL {
  const col = sql.raw(`${alias}.org_unit_id`);
  const under = sql`${col} IN (${unitIdsUnder(s.tenantId, s.orgPath)})`;
  return s.isRoot ? sql`(${under} OR ${col} IS NULL)` : under;
}

async function* mapPages<R extends { id: string; _xid: string | null }>(
  pages: AsyncGenerator<R[]>,
  columns: FeedColumn[],
): AsyncGenerator<unknown[][]> {
  for await (const page of pages) yield page.map((r) => columns.map((c) => c.cell(r)));
}

/** A plain table: rows as they are, with the unit's code beside its id. */
function tableFeed(
  ctx: AppContext,
  s: FeedScope,
  table: string,
  alias: string,
  select: string,
  columns: FeedColumn[],
): FeedPlan {
  const t = sql.raw(`${table} ${alias}`);
  const a = sql.raw(alias);
  const pages = scanRange<{ id: string; _xid: string | null }>(ctx.db, {
    select: sql`SELECT ${sql.raw(select)}, o.code AS unit_code, ${a}.export_xid::text AS _xid FROM ${t}
      LEFT JOIN org_units o ON o.tenant_id = ${a}.tenant_id AND o.id = ${a}.org_unit_id`,
    alias,
    where: sql`${a}.tenant_id = ${s.tenantId} AND ${unitScope(alias, s)}`,
    range: s.range,
    pageSize: s.pageSize,
  });
  return { columns, pages: mapPages(pages, columns) };
}

const RESPONSE_SELECT = sql`SELECT r.id, r.export_xid::text AS _xid, r.survey_id, r.org_unit_id, s.name AS survey_name,
  v.version, o.code AS unit_code, o.name AS unit_name, o.name_en AS unit_name_en, tp.name AS touchpoint_name,
  tp.name_en AS touchpoint_name_en, r.customer_ref, r.channel, r.answers, r.scores, r.submitted_at, r.created_at,
  ta.sentiments, ta.topics
  FROM responses r
  JOIN surveys s ON s.tenant_id = r.tenant_id AND s.id = r.survey_id
  JOIN survey_versions v ON v.tenant_id = r.tenant_id AND v.id = r.survey_version_id
  LEFT JOIN org_units o ON o.tenant_id = r.tenant_id AND o.id = r.org_unit_id
  LEFT JOIN touchpoints tp ON tp.tenant_id = r.tenant_id AND tp.id = r.touchpoint_id
  LEFT JOIN LATERAL (
    SELECT array_agg(DISTINCT a.sentiment) AS sentiments,
      (SELECT jsonb_agg(DISTINCT jsonb_build_object('name', t.name, 'nameEn', t.name_en))
         FROM text_analyses a2
         JOIN text_topic_hits h ON h.tenant_id = a2.tenant_id AND h.analysis_id = a2.id
         JOIN text_topics t ON t.tenant_id = h.tenant_id AND t.id = h.topic_id
        WHERE a2.tenant_id = r.tenant_id AND a2.source_kind = 'response' AND a2.source_id = r.id) AS topics
    FROM text_analyses a
    WHERE a.tenant_id = r.tenant_id AND a.source_kind = 'response' AND a.source_id = r.id
  ) ta ON true`;

const NUMERIC_FIXED = new Set(['version', 'nps', 'csat', 'ces']);

/**
 * Responses flattened like the on-demand export (`responses/export-columns.ts`): the fixed columns, then one column
 * per question over every version of every survey of the tenant (so a file's columns do not depend on which rows it
 * holds), with answer values rather than labels, the column keys as the header, times in UTC (ISO 8601), plus the
 * survey's and unit's ids. Sentiment and topics are those known when the row is exported.
 */
async function responsesFeed(ctx: AppContext, s: FeedScope): Promise<FeedPlan> {
  const tenant = (
    await rows<{ timezone: string; default_locale: string }>(
      ctx.db,
      sql`SELECT timezone, default_locale FROM tenants WHERE id = ${s.tenantId}`,
    )
  )[0];
  const lang: TUiLang = tenant?.default_locale === 'en' ? 'en' : 'zh-CN';
  const versions = await rows<{ definition: unknown }>(
    ctx.db,
    sql`SELECT v.definition FROM survey_versions v JOIN surveys s ON s.tenant_id = v.tenant_id AND s.id = v.survey_id
        WHERE v.tenant_id = ${s.tenantId} ORDER BY s.created_at, s.id, v.version DESC`,
  );
  const base = exportColumns(
    unionQuestions(versions.map((v) => v.definition)),
    { lang, keys: 'header', values: 'values', multi: 'join' },
    tenant?.timezone ?? 'UTC',
    (d) => d.toISOString(),
  );
  const columns: FeedColumn[] = [];
  for (const c of base) {
    if (c.key === 'submitted_at') columns.push(time('submitted_at'));
    else if (NUMERIC_FIXED.has(c.key)) columns.push(num(c.key, (r: ExportRow) => c.cell(r)));
    else columns.push(str(c.key, (r: ExportRow) => c.cell(r)));
    if (c.key === 'survey') columns.push(str('survey_id'));
    if (c.key === 'unit_name') columns.push(str('org_unit_id'));
  }
  columns.push(time('created_at'));
  const pages = scanRange<{ id: string; _xid: string | null }>(ctx.db, {
    select: RESPONSE_SELECT,
    alias: 'r',
    where: sql`r.tenant_id = ${s.tenantId} AND ${unitScope('r', s)}`,
    range: s.range,
    pageSize: s.pageSize,
  });
  return { columns, pages: mapPages(pages, columns) };
}

const EVENT_COLUMNS: FeedColumn[] = [
  str('id'),
  str('type'),
  time('occurred_at'),
  str('org_unit_id'),
  str('unit_code'),
  str('touchpoint_id'),
  str('customer_ref'),
  num('value'),
  str('properties'),
  str('source'),
  time('created_at'),
];

const FEEDBACK_COLUMNS: FeedColumn[] = [
  str('id'),
  str('source'),
  str('channel'),
  str('url'),
  str('author'),
  str('text'),
  num('rating'),
  str('org_unit_id'),
  str('unit_code'),
  str('touchpoint_id'),
  str('customer_ref'),
  str('external_id'),
  time('occurred_at'),
  time('created_at'),
];

const TICKET_COLUMNS: FeedColumn[] = [
  str('id'),
  num('number'),
  str('source'),
  str('status'),
  str('priority'),
  str('title'),
  str('org_unit_id'),
  str('unit_code'),
  str('team_id'),
  str('assignee_id'),
  str('response_id'),
  str('feedback_id'),
  str('survey_id'),
  str('customer_ref'),
  num('escalation_level'),
  num('reopen_count'),
  str('root_cause_id'),
  str('resolution'),
  time('first_response_due_at'),
  time('resolution_due_at'),
  time('first_responded_at'),
  time('resolved_at'),
  time('closed_at'),
  time('created_at'),
  time('updated_at'),
];

const METRIC_COLUMNS: FeedColumn[] = [
  str('day'),
  str('survey_id'),
  str('survey'),
  str('metric'),
  str('org_unit_id'),
  str('unit_code'),
  str('touchpoint_id'),
  num('n'),
  num('mean'),
  num('promoters'),
  num('passives'),
  num('detractors'),
  num('nps'),
];

/**
 * Daily metric values: the tenant-day score rollups (per survey, metric binding, unit and touchpoint) of every day on
 * which a response of this run's range was submitted — a late response re-sends its day. A metric row is therefore a
 * value as of the run, keyed by (day, survey_id, metric, org_unit_id, touchpoint_id): a consumer upserts by the key.
 */
async function* metricPages(ctx: AppContext, s: FeedScope): AsyncGenerator<unknown[][]> {
  const tz =
    (await rows<{ timezone: string }>(ctx.db, sql`SELECT timezone FROM tenants WHERE id = ${s.tenantId}`))[0]
      ?.timezone ?? 'UTC';
  const keys = new Map<string, { survey_id: string; org_unit_id: string; day: string }>();
  const pages = scanRange<{ id: string; _xid: string | null; survey_id: string; org_unit_id: string; day: string }>(
    ctx.db,
    {
      select: sql`SELECT r.id, r.export_xid::text AS _xid, r.survey_id, r.org_unit_id,
        to_char(r.submitted_at AT TIME ZONE ${tz}, 'YYYY-MM-DD') AS day FROM responses r`,
      alias: 'r',
      where: sql`r.tenant_id = ${s.tenantId} AND r.org_unit_id IS NOT NULL AND ${unitScope('r', s)}`,
      range: s.range,
      pageSize: s.pageSize,
    },
  );
  for await (const page of pages) for (const r of page) keys.set(`${r.survey_id}|${r.org_unit_id}|${r.day}`, r);
  const list = [...keys.values()].sort((x, y) =>
    (x.day + x.survey_id + x.org_unit_id).localeCompare(y.day + y.survey_id + y.org_unit_id),
  );
  for (let i = 0; i < list.length; i += 500) {
    const chunk = list.slice(i, i + 500);
    const found = await rows<Record<string, unknown>>(
      ctx.db,
      sql`SELECT to_char(k.day, 'YYYY-MM-DD') AS day, k.survey_id, s.name AS survey, k.binding AS metric, k.org_unit_id,
            o.code AS unit_code, k.touchpoint_id, k.n, CASE WHEN k.n > 0 THEN k.sum / k.n END AS mean,
            CASE WHEN k.binding = 'nps' THEN k.h9 + k.h10 END AS promoters,
            CASE WHEN k.binding = 'nps' THEN k.h7 + k.h8 END AS passives,
            CASE WHEN k.binding = 'nps' THEN k.h0 + k.h1 + k.h2 + k.h3 + k.h4 + k.h5 + k.h6 END AS detractors,
            CASE WHEN k.binding = 'nps' AND k.n > 0
              THEN round(100.0 * ((k.h9 + k.h10) - (k.h0 + k.h1 + k.h2 + k.h3 + k.h4 + k.h5 + k.h6)) / k.n, 2) END AS nps
          FROM jsonb_to_recordset(${JSON.stringify(chunk)}::jsonb) AS q(survey_id uuid, org_unit_id uuid, day date)
          JOIN score_rollups k ON k.tenant_id = ${s.tenantId} AND k.survey_id = q.survey_id
            AND k.org_unit_id = q.org_unit_id AND k.day = q.day
          JOIN surveys s ON s.tenant_id = k.tenant_id AND s.id = k.survey_id
          LEFT JOIN org_units o ON o.tenant_id = k.tenant_id AND o.id = k.org_unit_id
          ORDER BY k.day, k.survey_id, k.binding, k.org_unit_id, k.touchpoint_id`,
    );
    if (found.length) yield found.map((r) => METRIC_COLUMNS.map((c) => c.cell(r)));
  }
}

/** The plan of one run of a dataset. */
export async function planFeed(
  ctx: AppContext,
  dataset: TExportScheduleResponse['dataset'],
  s: FeedScope,
): Promise<FeedPlan> {
  switch (dataset) {
    case 'responses':
      return responsesFeed(ctx, s);
    case 'events':
      return tableFeed(
        ctx,
        s,
        'events',
        'x',
        'x.id, x.type, x.occurred_at, x.org_unit_id, x.touchpoint_id, x.customer_ref, x.value, x.properties, x.source, x.created_at',
        EVENT_COLUMNS,
      );
    case 'feedback':
      return tableFeed(
        ctx,
        s,
        'feedback_items',
        'x',
        'x.id, x.source, x.channel, x.url, x.author, x.text, x.rating, x.org_unit_id, x.touchpoint_id, x.customer_ref, x.external_id, x.occurred_at, x.created_at',
        FEEDBACK_COLUMNS,
      );
    case 'tickets':
      return tableFeed(
        ctx,
        s,
        'tickets',
        'x',
        `x.id, x.number, x.source, x.status, x.priority, x.title, x.org_unit_id, x.team_id, x.assignee_id, x.response_id,
         x.feedback_id, x.survey_id, x.customer_ref, x.escalation_level, x.reopen_count, x.root_cause_id, x.resolution,
         x.first_response_due_at, x.resolution_due_at, x.first_responded_at, x.resolved_at, x.closed_at, x.created_at,
         x.updated_at`,
        TICKET_COLUMNS,
      );
    case 'metrics':
      return { columns: METRIC_COLUMNS, pages: metricPages(ctx, s) };
  }
}
