import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { consoleDist } from '../apps/server/src/app.ts';

// Reads the built console (build it first: `npm run build`). The first load is index.html's entry script plus
// its modulepreloads; the budget is the 400 KB as served (the .br files the server sends).
describe.runIf(existsSync(join(consoleDist, 'index.html')))('console bundle budget', () => {
  const assets = join(consoleDist, 'assets');
  it('the first load is at most 400 KB brotli and every asset it needs has a precompressed copy', () => {
    const html = readFileSync(join(consoleDist, 'index.html'), 'utf8');
    const initial = [...html.matchAll(/(?:src|href)="\/assets\/([^"]+\.js)"/g)].map((m) => m[1]!);
    expect(initial.length).toBeGreaterThan(1);
    let br = 0;
    for (const f of initial) {
      if (statSync(join(assets, f)).size < 1024) continue; // too small to be worth compressing (the runtime)
      expect(existsSync(join(assets, `${f}.br`)), f).toBe(true);
      expect(existsSync(join(assets, `${f}.gz`)), f).toBe(true);
      br += statSync(join(assets, `${f}.br`)).size;
    }
    expect(br).toBeLessThanOrEqual(400 * 1024);
    // Pages, charts and SurveyJS are not part of it.
    expect(initial.some((f) => /^(echarts|survey-core|survey-react-ui|DashboardPage)-/.test(f))).toBe(false);
  });

  it('no chunk is above 600 kB except survey-core, which SurveyJS ships as one module', () => {
    const big = readdirSync(assets).filter((f) => f.endsWith('.js') && statSync(join(assets, f)).size > 600_000);
    expect(big.every((f) => f.startsWith('survey-core-'))).toBe(true);
  });
});
