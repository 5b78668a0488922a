import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliCompressSync, gzipSync } from 'node:zlib';
import { chromium } from 'playwright-core';
import { buildServer, consoleDist } from '../../apps/server/src/app.ts';
import { bootContext, closeContext } from '../../apps/server/src/platform/boot.ts';
import { loadConfig } from '../../apps/server/src/platform/config.ts';
import { DEMO_USERS, seedDemo } from '../../apps/server/src/seed/demo.ts';
import type { BenchOptions, BenchScenario } from '../run.ts';

/** The throttled profile: "4G" as CDP sees it (9 Mbit/s down, 1.5 Mbit/s up, 170 ms RTT) and a CPU 4× slower. */
const PROFILE = { latency: 170, down: (9 * 1e6) / 8, up: (1.5 * 1e6) / 8, cpu: 4 };
const BUDGET_BYTES = 400 * 1024;
const BUDGET_MS = 1500;
const PASSWORD = 'bench-console-password';

type Script = { file: string; encoding: string; raw: number; sent: number; done: boolean };

/**
 * The console's first contact: bytes of every built JS chunk (raw, gzip, brotli), the initial JS set (what the
 * first load of /dashboards requests before its first number: raw and as the server sends it), and the time from
 * navigation to the first dashboard number (the NPS tile) in Chromium on the throttled profile above, cold cache,
 * as the demo owner on the demo tenant. Targets: initial JS ≤ 400 KB compressed, first number ≤ 1.5 s.
 */
export const scenario: BenchScenario = {
  name: 'console-load',
  databases: ['pglite'],
  async run(opts: BenchOptions) {
    if (!existsSync(join(consoleDist, 'index.html'))) throw new Error('build the console first: npm run build');
    const assets = readdirSync(join(consoleDist, 'assets')).filter((f) => f.endsWith('.js'));
    let raw = 0;
    let gz = 0;
    let br = 0;
    let largest = { name: '', raw: 0 };
    for (const f of assets) {
      const path = join(consoleDist, 'assets', f);
      const buf = readFileSync(path);
      raw += buf.length;
      // The files the server sends (the build's precompressed siblings); compressed here only when one is missing.
      gz += existsSync(`${path}.gz`) ? statSync(`${path}.gz`).size : gzipSync(buf, { level: 9 }).length;
      br += existsSync(`${path}.br`) ? statSync(`${path}.br`).size : brotliCompressSync(buf).length;
      if (buf.length > largest.raw) largest = { name: f, raw: buf.length };
    }

    const dataDir = mkdtempSync(join(tmpdir(), 'loopcx-bench-console-'));
    const ctx = await bootContext(loadConfig({ dataDir, logLevel: 'silent', databaseUrl: undefined, secret: 'bench' }));
    await seedDemo(ctx, { password: PASSWORD });
    const app = await buildServer(ctx, { serveConsole: true });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
    const res = await fetch(`${base}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: DEMO_USERS[0].email, password: PASSWORD }),
    });
    const session = /lcx_session=([^;]+)/.exec(res.headers.get('set-cookie') ?? '')?.[1];
    if (!session) throw new Error(`login failed: ${res.status}`);

    const browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-quic'],
    });
    const runs = opts.quick ? 3 : 7;
    const times: number[] = [];
    let initial = { count: 0, raw: 0, sent: 0, files: [] as Script[] };
    let shown = '';
    for (let i = 0; i < runs; i++) {
      const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
      await context.addCookies([{ name: 'lcx_session', value: session, url: base }]);
      const page = await context.newPage();
      const cdp = await context.newCDPSession(page);
      await cdp.send('Network.enable');
      await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
      await cdp.send('Network.emulateNetworkConditions', {
        offline: false,
        latency: PROFILE.latency,
        downloadThroughput: PROFILE.down,
        uploadThroughput: PROFILE.up,
      });
      await cdp.send('Emulation.setCPUThrottlingRate', { rate: PROFILE.cpu });
      // Every JS file requested until the first number shows: the entry, its modulepreloads (react, antd), the
      // dashboard page's lazy chunk and the chunks it imports. Counted by MIME type as well as by CDP's resource
      // type, so a modulepreload or a dynamic import is not missed; decoded size and bytes on the wire (headers
      // included) with the Content-Encoding the server chose.
      const scripts = new Map<string, Script>();
      cdp.on('Network.responseReceived', (e) => {
        if (e.type !== 'Script' && !/javascript/i.test(e.response.mimeType)) return;
        const enc = Object.entries(e.response.headers).find(([k]) => k.toLowerCase() === 'content-encoding')?.[1];
        scripts.set(e.requestId, {
          file: new URL(e.response.url).pathname.split('/').pop() ?? e.response.url,
          encoding: enc ?? 'identity',
          raw: 0,
          sent: 0,
          done: false,
        });
      });
      cdp.on('Network.dataReceived', (e) => {
        const s = scripts.get(e.requestId);
        if (s) s.raw += e.dataLength;
      });
      cdp.on('Network.loadingFinished', (e) => {
        const s = scripts.get(e.requestId);
        if (s) Object.assign(s, { sent: e.encodedDataLength, done: true });
      });
      cdp.on('Network.loadingFailed', (e) => {
        const s = scripts.get(e.requestId);
        if (s) s.done = true;
      });
      const errors: string[] = [];
      page.on('pageerror', (err) => errors.push(err.message));
      page.on('console', (msg) => {
        if (msg.type() === 'error') errors.push(msg.text());
      });
      const started = Date.now();
      await page.goto(`${base}/dashboards`, { waitUntil: 'commit' });
      // A real number: the NPS tile's value once its query answered (the card shows a skeleton while loading and
      // "—" when there is no value), on the demo tenant's seeded responses.
      const value = page
        .locator('[data-testid=tile-nps] .ant-statistic-content-value')
        .filter({ hasText: /\d/ })
        .first();
      await value.waitFor({ state: 'visible', timeout: 120_000 }).catch(async (err) => {
        const shot = join(tmpdir(), 'loopcx-bench-console-load-timeout.png');
        await page.screenshot({ path: shot, fullPage: true }).catch(() => {});
        const tile = await page
          .locator('[data-testid=tile-nps]')
          .textContent({ timeout: 1_000 })
          .catch(() => null);
        throw new Error(
          `no number in the NPS tile (tile text: ${JSON.stringify(tile)}; page errors: ${JSON.stringify(errors)}; screenshot ${shot})`,
          {
            cause: err,
          },
        );
      });
      times.push(Date.now() - started);
      shown = ((await value.textContent()) ?? '').trim();
      if (!/^-?\d+(\.\d+)?$/.test(shown)) throw new Error(`the NPS tile shows "${shown}", not a number`);
      // Scripts that executed have arrived; their loadingFinished events may still be in flight over CDP.
      for (let wait = 0; wait < 100 && [...scripts.values()].some((s) => !s.done); wait++)
        await new Promise((r) => setTimeout(r, 100));
      const done = [...scripts.values()];
      initial = {
        count: done.length,
        raw: done.reduce((a, s) => a + s.raw, 0),
        sent: done.reduce((a, s) => a + s.sent, 0),
        files: done.sort((a, b) => b.sent - a.sent),
      };
      await context.close();
    }
    await browser.close();
    await app.close();
    await closeContext(ctx);
    rmSync(dataDir, { recursive: true, force: true });
    times.sort((a, b) => a - b);
    const median = times[Math.floor(times.length / 2)]!;
    const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
    return {
      profile: `CDP ${PROFILE.down / 125_000} Mbit/s down, ${PROFILE.up / 125_000} up, ${PROFILE.latency} ms RTT, CPU ${PROFILE.cpu}×`,
      'all JS chunks (raw / gzip -9 / brotli)': `${assets.length}: ${kb(raw)} / ${kb(gz)} / ${kb(br)}`,
      'largest JS chunk (raw)': `${largest.name} ${kb(largest.raw)}`,
      'initial JS requests before the first number': initial.count,
      'initial JS, raw': kb(initial.raw),
      'initial JS, as served (on the wire)': kb(initial.sent),
      'initial JS files (on the wire, encoding; largest first)': initial.files
        .map((f) => `${f.file} ${kb(f.sent)} ${f.encoding}`)
        .join(', '),
      'initial JS as served vs 400 KB budget': `${((initial.sent / BUDGET_BYTES) * 100).toFixed(0)} %`,
      'first dashboard number (NPS tile, last run)': shown,
      'first dashboard number, median ms': median,
      'first dashboard number, worst of runs ms': times[times.length - 1]!,
      'first number median vs 1.5 s target': `${((median / BUDGET_MS) * 100).toFixed(0)} %`,
      runs,
    };
  },
};
