import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Browser, chromium } from 'playwright-core';
import { expect } from 'vitest';
import { buildServer, consoleDist } from '../apps/server/src/app.ts';
import { surveyDist } from '../apps/server/src/domains/respondent/module.ts';
import { sdkDist } from '../apps/server/src/domains/sdk-script/module.ts';
import { bootContext, closeContext } from '../apps/server/src/platform/boot.ts';
import { loadConfig } from '../apps/server/src/platform/config.ts';
import { startWorker } from '../apps/server/src/platform/jobs.ts';
import { seedDemo } from '../apps/server/src/seed/demo.ts';

export const DEMO_PASSWORD = 'e2e-demo-password';
export const E2E_SECRET = 'e2e-secret';

/** Builds the console, the respondent page and the browser SDK's script when missing (CI starts from a clean clone). */
export function ensureConsole() {
  for (const [file, config] of [
    [join(consoleDist, 'index.html'), 'apps/console/vite.config.ts'],
    [join(surveyDist, 'index.html'), 'apps/survey/vite.config.ts'],
    [join(sdkDist, 'loopcx.js'), 'packages/sdk/vite.config.ts'],
  ]) {
    if (existsSync(file)) continue;
    const res = spawnSync(
      process.execPath,
      ['node_modules/vite/bin/vite.js', 'build', '--config', config, '--logLevel', 'warn'],
      // Vitest sets NODE_ENV=test, and Vite builds React and antd in development mode under any NODE_ENV but
      // production: the browser tests would measure and run a bundle no user gets.
      { stdio: 'inherit', env: { ...process.env, NODE_ENV: 'production' } },
    );
    if (res.status !== 0) throw new Error(`${config} build failed`);
  }
}

/**
 * The real server on a fresh embedded database with the demo tenant, listening on a free port, plus Chromium. Under
 * the browser suite the database is a copy of the one global-setup.ts seeded; run alone (npm run screenshots) it
 * seeds its own.
 */
export async function startStack(opts: { config?: Partial<Parameters<typeof loadConfig>[0]> } = {}) {
  ensureConsole();
  const dataDir = mkdtempSync(join(tmpdir(), 'loopcx-e2e-'));
  const template = process.env.LOOPCX_E2E_TEMPLATE;
  if (template) cpSync(template, dataDir, { recursive: true });
  const config = loadConfig({
    dataDir,
    logLevel: 'silent',
    port: 0,
    databaseUrl: undefined,
    secret: E2E_SECRET,
    ...opts.config,
  });
  const ctx = await bootContext(config);
  if (!template) await seedDemo(ctx, { password: DEMO_PASSWORD });
  const stopWorker = startWorker(ctx);
  const app = await buildServer(ctx, { serveConsole: true });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const baseUrl = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  const browser: Browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
    ],
  });
  // Every page any test opens is watched for Content-Security-Policy violations (the console's antd/ECharts styles
  // and the survey page must work under the policy); stop() fails the file if one was reported.
  const cspViolations: string[] = [];
  // An uncaught error in any page fails the file too: a chart library that threw on load once blanked every chart
  // page while each test only reported the element it waited for.
  const pageErrors: string[] = [];
  const newPage = browser.newPage.bind(browser);
  browser.newPage = async (...args: Parameters<Browser['newPage']>) => {
    const page = await newPage(...args);
    await page.addInitScript(() => {
      document.addEventListener('securitypolicyviolation', (e) =>
        console.error(`CSP violation: ${e.violatedDirective} blocked ${e.blockedURI || 'inline'}`),
      );
    });
    page.on('pageerror', (err) => pageErrors.push(`${page.url()}: ${err.stack ?? err.message}`));
    page.on('console', (msg) => {
      // SurveyJS's stylesheet names Open Sans on Google Fonts: blocking that is the policy working (nothing loads
      // from another host; the system font is used), so it is the one violation not counted.
      const text = msg.text();
      if (/fonts\.gstatic\.com/.test(text)) return;
      if (msg.type() === 'error' && /CSP violation|Content Security Policy/.test(text))
        cspViolations.push(`${page.url()}: ${text}`);
    });
    return page;
  };
  return {
    ctx,
    baseUrl,
    browser,
    cspViolations,
    async stop() {
      await browser.close();
      await app.close();
      await stopWorker();
      await closeContext(ctx);
      rmSync(dataDir, { recursive: true, force: true });
      if (cspViolations.length) throw new Error(`CSP violations:\n${cspViolations.join('\n')}`);
      if (pageErrors.length) throw new Error(`uncaught errors in pages:\n${pageErrors.join('\n')}`);
    },
  };
}

/**
 * The open Select / TreeSelect dropdowns, once their motion has ended. Clicking an option before that is a race on a
 * loaded machine: the dropdown waits paused on its first frame (scaled to 80 %), which looks stable, and then grows,
 * so the press can land on one option and the release on another, and the click selects nothing (the browser lane
 * failed so in CI: a channel, a scope, a mail type never chosen). Use it for every option click:
 * `(await dropdown(page)).locator('.ant-select-item-option', { hasText: '…' }).click()`; a Dropdown menu's items
 * likewise with `dropdown(page, 'menu')`.
 */
export async function dropdown(page: import('playwright-core').Page, kind: 'select' | 'menu' = 'select') {
  const cls = kind === 'select' ? 'ant-select-dropdown' : 'ant-dropdown';
  const open = page.locator(`.${cls}:not(.${cls}-hidden)`);
  await expect
    .poll(() =>
      open.evaluateAll(
        (els) => els.length > 0 && els.every((el) => !/-(appear|enter|leave)(-|\s|$)/.test(el.className)),
      ),
    )
    .toBe(true);
  return open;
}

/**
 * The open Drawer, once its slide-in has ended. Working in it while it still slides is a race on a loaded machine:
 * the drawer takes the focus when its motion ends, which can close a Select opened during the slide.
 */
export async function openDrawer(page: import('playwright-core').Page) {
  const wrapper = page.locator('.ant-drawer-open .ant-drawer-content-wrapper');
  await expect
    .poll(() =>
      wrapper.evaluateAll(
        (els) => els.length > 0 && els.every((el) => !/-(appear|enter|leave)(-|\s|$)/.test(el.className)),
      ),
    )
    .toBe(true);
  return page.locator('.ant-drawer-open');
}

/** Logs a demo user in through the login page and waits for the console. */
export async function login(page: import('playwright-core').Page, baseUrl: string, email: string) {
  await page.goto(`${baseUrl}/login`);
  await page.getByLabel(/邮箱|Email/).fill(email);
  await page.getByLabel(/密码|Password/).fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: /登\s*录|Log in/ }).click();
  await page.waitForURL((u) => !u.pathname.startsWith('/login'));
}

/**
 * A demo user's API session for setting up and checking browser tests: the session cookie, plus the console's
 * Origin on every request, as the console sends it (cookie-authenticated writes without it are refused as CSRF).
 */
export async function apiSession(baseUrl: string, email: string) {
  const res = await fetch(`${baseUrl}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password: DEMO_PASSWORD }),
  });
  if (!res.ok) throw new Error(`login as ${email} answered ${res.status}`);
  const cookie = String(res.headers.get('set-cookie')).split(';')[0];
  /** One request; `body` makes it a JSON POST unless `method` says otherwise. */
  const request = (path: string, init: { method?: string; body?: unknown } = {}) =>
    fetch(`${baseUrl}/api/v1/${path}`, {
      method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
      headers: { cookie, origin: baseUrl, ...(init.body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    });
  /** GET `path`, or POST `body` to it, and read the JSON answer. */
  const json = async (path: string, body?: unknown) => (await request(path, { body })).json();
  return { request, json };
}
