import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { formatSurveyMetric, lastDays } from '@loopcx/shared';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { queryMetric } from './domains/metrics/query.ts';
import { type Actor, authorize, resolveActor } from './platform/auth.ts';
import type { AppContext } from './platform/context.ts';
import { rows, sql } from './platform/db.ts';

/** The dashboard's four tiles in the order the page shows them, and how the page formats each value. */
const TILES = ['nps', 'csat', 'ces', 'responses'] as const;
const LABELS = {
  'zh-CN': {
    title: '体验看板',
    responses: '回收量',
    n: '样本',
    loading: '正在加载…',
    last30: '近 30 天',
    hidden: '样本不足',
  },
  en: {
    title: 'Experience dashboard',
    responses: 'Responses',
    n: 'n',
    loading: 'Loading…',
    last30: 'Last 30 days',
    hidden: 'too few responses',
  },
};
/** How long the page's body may wait for the numbers; past it the console loads as it would without them. */
const FIRST_PAINT_BUDGET_MS = 1000;

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/**
 * The dashboard's first numbers as HTML, for a signed-in user who may read metrics: the same four tile queries the
 * page sends first (the user's own unit, the tenant's last 30 days, today included), run while the browser
 * downloads the console's code. On a slow phone the code takes seconds to download and run (bench console-load);
 * the user reads the numbers meanwhile. The console removes this block once its own tiles have answered.
 */
async function firstPaint(ctx: AppContext, actor: Actor): Promise<string> {
  authorize(actor, 'metrics.read');
  const [tenant] = await rows<{ timezone: string; default_locale: string }>(
    ctx.db,
    sql`SELECT timezone, default_locale FROM tenants WHERE id = ${actor.tenantId}`,
  );
  if (!tenant) return '';
  const { from, to } = lastDays(tenant.timezone, 30, ctx.clock.now().getTime());
  const results = await Promise.all(
    TILES.map((metric) =>
      queryMetric(ctx.db, actor, { metric, orgUnitId: actor.orgUnitId, from, to, compareTo: 'previous' }),
    ),
  );
  // The language the console will speak: the user's own, else the tenant's (GET /me's `locale`).
  const locale = (actor.locale ?? tenant.default_locale) === 'en' ? 'en' : 'zh-CN';
  const l = LABELS[locale];
  const tiles = TILES.map((m, i) => {
    const row = results[i]!.rows[0];
    // As the tile shows it: too few responses to show, no value, or the value as the page formats it.
    const value = row?.suppressed
      ? l.hidden
      : m === 'responses' && typeof row?.value === 'number'
        ? row.value.toLocaleString('en-US') // antd's Statistic groups a numeric value's thousands with ','
        : formatSurveyMetric(m, row?.value ?? null);
    const title = m === 'responses' ? l.responses : m.toUpperCase();
    return `<div class="fp-tile" data-testid="first-paint-${m}"><div class="fp-title">${escapeHtml(title)}</div><div class="fp-value">${escapeHtml(value)}</div><div class="fp-n">${escapeHtml(l.n)} ${row?.n ?? 0}</div></div>`;
  }).join('');
  return `<div id="first-paint" data-testid="first-paint" aria-hidden="true"><style>
#first-paint{position:fixed;inset:0;z-index:2000;background:#f5f5f5;pointer-events:none;font-family:-apple-system,BlinkMacSystemFont,"Segoe UI",Roboto,"PingFang SC","Microsoft YaHei","Noto Sans CJK SC",sans-serif;color:rgba(0,0,0,.88)}
#first-paint .fp-bar{height:56px;background:#fff;border-bottom:1px solid #f0f0f0}
#first-paint .fp-body{padding:16px 20px}
#first-paint h1{font-size:20px;font-weight:600;margin:0 0 8px}
#first-paint .fp-sub{color:rgba(0,0,0,.45);font-size:13px;margin-bottom:12px}
#first-paint .fp-tiles{display:grid;grid-template-columns:repeat(4,minmax(0,1fr));gap:12px}
@media (max-width:767px){#first-paint .fp-tiles{grid-template-columns:repeat(2,minmax(0,1fr))}}
@media (min-width:992px){#first-paint .fp-side{position:absolute;top:0;bottom:0;left:0;width:200px;background:#fff;border-right:1px solid #f0f0f0}#first-paint .fp-main{margin-left:200px}}
#first-paint .fp-tile{background:#fff;border:1px solid #f0f0f0;border-radius:6px;padding:12px}
#first-paint .fp-title{color:rgba(0,0,0,.45);font-size:14px}
#first-paint .fp-value{font-size:24px;margin:4px 0}
#first-paint .fp-n{color:rgba(0,0,0,.45);font-size:12px}
</style><div class="fp-side"></div><div class="fp-main"><div class="fp-bar"></div><div class="fp-body"><h1>${escapeHtml(l.title)}</h1><div class="fp-sub">${escapeHtml(l.last30)} · ${escapeHtml(l.loading)}</div><div class="fp-tiles">${tiles}</div></div></div></div>`;
}

/**
 * The console's page for any client-side route. `/dashboards` (without filters in the query string) for a signed-in
 * user is streamed: the head (which names the code to download) goes out at once, the body follows with the
 * dashboard's first numbers, or without them when the queries take longer than FIRST_PAINT_BUDGET_MS or fail.
 */
export function consolePage(ctx: AppContext, dist: string) {
  const html = readFileSync(join(dist, 'index.html'), 'utf8');
  const split = html.indexOf('<div id="root">');
  const head = html.slice(0, split);
  const body = html.slice(split);
  return async (req: FastifyRequest, reply: FastifyReply) => {
    reply.type('text/html; charset=utf-8').header('cache-control', 'no-cache');
    const url = new URL(req.url, 'http://console');
    if (url.pathname !== '/dashboards' || url.search || split < 0) return reply.send(html);
    const actor = await resolveActor(ctx, req).catch(() => undefined);
    if (actor?.kind !== 'user') return reply.send(html);
    const stream = new PassThrough();
    reply.send(stream);
    stream.write(head);
    let timer: NodeJS.Timeout | undefined;
    const strip = await Promise.race([
      firstPaint(ctx, actor).catch((err) => {
        req.log.debug({ err }, 'dashboard first paint skipped');
        return '';
      }),
      new Promise<string>((resolve) => {
        timer = setTimeout(() => resolve(''), FIRST_PAINT_BUDGET_MS);
      }),
    ]);
    clearTimeout(timer);
    stream.end(strip + body);
    return reply;
  };
}
