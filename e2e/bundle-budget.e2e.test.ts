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

  it('is a production build: no chunk carries React’s development-only code', () => {
    // React prints this notice only in development builds (built under NODE_ENV=test, as vitest sets it, the whole
    // console was a development bundle: larger, slower, with antd's deprecation warnings in every console).
    const dev = readdirSync(assets).filter(
      (f) => f.endsWith('.js') && readFileSync(join(assets, f), 'utf8').includes('Download the React DevTools'),
    );
    expect(dev).toEqual([]);
  });

  it('no chunk is above 600 kB except survey-core, which SurveyJS ships as one module', () => {
    const big = readdirSync(assets).filter((f) => f.endsWith('.js') && statSync(join(assets, f)).size > 600_000);
    expect(big.every((f) => f.startsWith('survey-core-'))).toBe(true);
  });
});
