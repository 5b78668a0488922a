// Manager reports (issue 19): how long the East region's monthly report takes on the spot, on the demo's data.
//
//   npm run bench -- --only=reports [--quick]
//
// Seeds the demo tenant into a fresh PGlite (90 days, ≥ 50,000 responses, tickets, analysed comments), then times
// the parts of a report asked for on the spot — the model (metrics with significance, movers, topics with verbatims,
// overdue tickets), the PDF (pdfkit, Noto Sans SC subset) and the HTML email — and the whole preview.pdf request.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dayIn, lastCompletedPeriod, parseReportPeriod } from '@loopcx/shared';
import { buildServer } from '../../apps/server/src/app.ts';
import { buildReport } from '../../apps/server/src/domains/reports/queries/build-report.ts';
import { renderReportHtml } from '../../apps/server/src/domains/reports/render/html.ts';
import { renderReportPdf } from '../../apps/server/src/domains/reports/render/pdf.ts';
import type { Actor } from '../../apps/server/src/platform/auth.ts';
import { bootContext, closeContext } from '../../apps/server/src/platform/boot.ts';
import { loadConfig } from '../../apps/server/src/platform/config.ts';
import { one, sql } from '../../apps/server/src/platform/db.ts';
import { seedDemo } from '../../apps/server/src/seed/demo.ts';
import type { BenchOptions, BenchScenario } from '../run.ts';

const PASSWORD = 'bench-reports-password';

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
const p95 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * 0.95))] ?? 0;

export const scenario: BenchScenario = {
  name: 'reports',
  databases: ['pglite'],
  async run(opts: BenchOptions) {
    const runs = opts.quick ? 3 : 20;
    const dataDir = mkdtempSync(join(tmpdir(), 'loopcx-bench-reports-'));
    const ctx = await bootContext(loadConfig({ dataDir, logLevel: 'silent', databaseUrl: undefined, secret: 'bench' }));
    const out: Record<string, number | string> = {};
    try {
      let t = performance.now();
      const { tenantId } = await seedDemo(ctx, { password: PASSWORD });
      out['demo seed s'] = (performance.now() - t) / 1000;
      const m = (await one<{ id: string; role: Actor['role']; unit: string; path: string; east: string; tz: string }>(
        ctx.db,
        sql`SELECT u.id, u.role, u.org_unit_id AS unit, o.path, o.id AS east, t.timezone AS tz FROM users u
            JOIN org_units o ON o.tenant_id = u.tenant_id AND o.id = u.org_unit_id JOIN tenants t ON t.id = u.tenant_id
            WHERE u.tenant_id = ${tenantId} AND u.email = 'east.manager@savor.example'`,
      ))!;
      const actor: Actor = { tenantId, kind: 'user', id: m.id, role: m.role, orgUnitId: m.unit, orgPath: m.path };
      const period = parseReportPeriod(lastCompletedPeriod('month', dayIn(m.tz, Date.now())))!;
      const model: number[] = [];
      const pdf: number[] = [];
      const html: number[] = [];
      let bytes = 0;
      let pages = 0;
      for (let i = 0; i < runs; i++) {
        t = performance.now();
        const r = await buildReport(ctx.db, actor, { orgUnitId: m.east, period, locale: 'zh-CN', now: new Date() });
        model.push(performance.now() - t);
        t = performance.now();
        const file = await renderReportPdf(r);
        pdf.push(performance.now() - t);
        bytes = file.length;
        pages = (file.toString('latin1').match(/\/Type \/Page\b/g) ?? []).length;
        t = performance.now();
        renderReportHtml(r, 'https://cx.example');
        html.push(performance.now() - t);
      }
      out.period = period.key;
      out['model ms (median / p95)'] = `${median(model).toFixed(0)} / ${p95(model).toFixed(0)}`;
      out['PDF render ms (median / p95)'] = `${median(pdf).toFixed(0)} / ${p95(pdf).toFixed(0)}`;
      out['HTML render ms (median)'] = median(html);
      out['PDF KB / pages'] = `${(bytes / 1024).toFixed(0)} / ${pages}`;
      // BENCH_REPORTS_PNG=<file>: page 1 of the East region's zh-CN report, rasterised (a look at the real thing).
      if (process.env.BENCH_REPORTS_PNG) {
        const mupdf = await import('mupdf');
        const r = await buildReport(ctx.db, actor, { orgUnitId: m.east, period, locale: 'zh-CN', now: new Date() });
        const page = mupdf.Document.openDocument(await renderReportPdf(r), 'application/pdf').loadPage(0);
        const png = page.toPixmap(mupdf.Matrix.scale(1.5, 1.5), mupdf.ColorSpace.DeviceRGB, false, true).asPNG();
        writeFileSync(process.env.BENCH_REPORTS_PNG, png);
      }

      const app = await buildServer(ctx);
      const login = await app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { email: 'east.manager@savor.example', password: PASSWORD },
      });
      const cookie = String(login.headers['set-cookie']).split(';')[0]!;
      const http: number[] = [];
      for (let i = 0; i < runs; i++) {
        t = performance.now();
        const res = await app.inject({
          method: 'GET',
          url: `/api/v1/reports/preview.pdf?orgUnitId=${m.east}&period=${period.key}`,
          headers: { cookie },
        });
        if (res.statusCode !== 200) throw new Error(`preview.pdf answered ${res.statusCode}`);
        http.push(performance.now() - t);
      }
      out['GET preview.pdf ms (median / p95)'] = `${median(http).toFixed(0)} / ${p95(http).toFixed(0)}`;
      await app.close();
    } finally {
      await closeContext(ctx);
      rmSync(dataDir, { recursive: true, force: true });
    }
    return out;
  },
};
