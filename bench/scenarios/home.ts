import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildServer } from '../../apps/server/src/app.ts';
import { bootContext, closeContext } from '../../apps/server/src/platform/boot.ts';
import { loadConfig } from '../../apps/server/src/platform/config.ts';
import { seedDemo } from '../../apps/server/src/seed/demo.ts';
import type { BenchOptions, BenchScenario } from '../run.ts';

const PASSWORD = 'bench-home-password';
/** HQ, a region, a store: the three shapes of home view (movers two levels down; a store's frontline view). */
const USERS = [
  ['hq', 'owner@savor.example'],
  ['region', 'east.manager@savor.example'],
  ['store', 'sh01.manager@savor.example'],
] as const;

const pct = (xs: number[], p: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))];

/**
 * GET /home at demo scale (24 stores, 90 days of responses, the demo's tickets, alerts and topic hits), for an HQ,
 * a regional and a store user: sequential requests after one warm-up, p50/p95/max in ms and the body size.
 */
export const scenario: BenchScenario = {
  name: 'home',
  async run(opts: BenchOptions) {
    const dataDir = mkdtempSync(join(tmpdir(), 'loopcx-bench-home-'));
    const ctx = await bootContext(
      loadConfig({ dataDir, logLevel: 'silent', databaseUrl: opts.databaseUrl, secret: 'bench' }),
    );
    const out: Record<string, number | string> = {};
    try {
      const seeded = Date.now();
      await seedDemo(ctx, { password: PASSWORD });
      out['seed s'] = Math.round((Date.now() - seeded) / 1000);
      const app = await buildServer(ctx, {});
      const runs = opts.quick ? 5 : 40;
      for (const [label, email] of USERS) {
        const login = await app.inject({
          method: 'POST',
          url: '/api/v1/auth/login',
          payload: { email, password: PASSWORD },
        });
        const cookie = String(login.headers['set-cookie']).split(';')[0];
        const get = () => app.inject({ method: 'GET', url: '/api/v1/home', headers: { cookie } });
        const warm = await get();
        if (warm.statusCode !== 200) throw new Error(`GET /home as ${email}: ${warm.statusCode} ${warm.body}`);
        const ms: number[] = [];
        for (let i = 0; i < runs; i++) {
          const t0 = performance.now();
          await get();
          ms.push(performance.now() - t0);
        }
        const body = warm.json() as { attention: unknown[]; movers: unknown[] };
        out[`${label} p50 ms`] = Math.round(pct(ms, 50));
        out[`${label} p95 ms`] = Math.round(pct(ms, 95));
        out[`${label} max ms`] = Math.round(Math.max(...ms));
        out[`${label} cards/movers`] = `${body.attention.length}/${body.movers.length}`;
        out[`${label} body KB`] = Math.round(warm.body.length / 102.4) / 10;
      }
      await app.close();
    } finally {
      await closeContext(ctx);
      rmSync(dataDir, { recursive: true, force: true });
    }
    return out;
  },
};
