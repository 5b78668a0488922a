import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium } from 'playwright-core';
import { surveyDist } from '../../apps/server/src/domains/respondent/module.ts';
import type { BenchOptions, BenchScenario } from '../run.ts';
import { startBenchServer } from '../support.ts';

/**
 * The respondent page: bytes of the lean runtime (budget ≤ 50 KB gzipped JS) and of the lazy full-SurveyJS
 * chunk, and time to interactive in Chromium under a throttled 4G profile (CDP: 150 ms RTT, 1.6 Mbps down,
 * 750 kbps up, CPU 4× slower), from navigation to the first answer button being clickable.
 */
export const scenario: BenchScenario = {
  name: 'survey-page',
  databases: ['pglite'],
  async run(opts: BenchOptions) {
    if (!existsSync(join(surveyDist, 'index.html'))) throw new Error('build the respondent page first: npm run build');
    const assets = readdirSync(surveyDist).filter((f) => f.endsWith('.js') || f.endsWith('.css'));
    const size = (pred: (f: string) => boolean) =>
      assets.filter(pred).reduce(
        (acc, f) => {
          const buf = readFileSync(join(surveyDist, f));
          return { raw: acc.raw + statSync(join(surveyDist, f)).size, gz: acc.gz + gzipSync(buf).length };
        },
        { raw: 0, gz: 0 },
      );
    const lean = size((f) => f.startsWith('index-') && f.endsWith('.js'));
    const leanCss = size((f) => f.startsWith('index-') && f.endsWith('.css'));
    const full = size((f) => f.startsWith('full-'));

    const server = await startBenchServer(opts, { stores: 1 });
    const survey = await server.call('/api/v1/surveys', { templateId: 'store-visit' });
    await server.call(`/api/v1/surveys/${survey.id}/publish`, {});
    const link = (await server.call(`/api/v1/surveys/${survey.id}/unit-links`)).items[0];
    const browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
    });
    const runs = opts.quick ? 3 : 7;
    const tti: number[] = [];
    for (let i = 0; i < runs; i++) {
      const context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true });
      const page = await context.newPage();
      const cdp = await context.newCDPSession(page);
      await cdp.send('Network.enable');
      await cdp.send('Network.emulateNetworkConditions', {
        offline: false,
        latency: 150,
        downloadThroughput: (1.6 * 1024 * 1024) / 8,
        uploadThroughput: (750 * 1024) / 8,
      });
      await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
      const started = Date.now();
      await page.goto(`${server.base}/s/${link.token}`, { waitUntil: 'commit' });
      await page.locator('[data-q=csat] button').first().waitFor({ state: 'visible' });
      tti.push(Date.now() - started);
      await context.close();
    }
    await browser.close();
    await server.stop();
    tti.sort((a, b) => a - b);
    return {
      'lean runtime JS, bytes (gzip)': `${lean.raw} (${lean.gz})`,
      'lean runtime CSS, bytes (gzip)': `${leanCss.raw} (${leanCss.gz})`,
      'lazy full SurveyJS chunk JS+CSS, bytes (gzip)': `${full.raw} (${full.gz})`,
      'lean JS gzip vs 50 KB budget': `${((lean.gz / 51200) * 100).toFixed(0)} %`,
      'time to interactive, throttled 4G + 4× CPU, median ms': tti[Math.floor(tti.length / 2)],
      'time to interactive, worst of runs ms': tti[tti.length - 1],
      runs,
    };
  },
};
