/**
 * Every console page as a newcomer meets it: each demo role × desktop and phone × zh-CN and en, with a screenshot
 * per page and a report of what a person would notice — console errors, uncaught exceptions, API answers ≥ 400,
 * a page wider than the screen. `npm run screenshots` (writes to ./screenshots or --out <dir>), on the embedded
 * database with the demo tenant; it exits non-zero when a page has a problem.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { Page } from 'playwright-core';
import { login, startStack } from './support.ts';

const { values } = parseArgs({
  options: {
    out: { type: 'string', default: 'screenshots' },
    roles: { type: 'string', default: 'owner,analyst,east,store,agent' },
    sizes: { type: 'string', default: 'desktop,phone' },
    langs: { type: 'string', default: 'zh-CN,en' },
  },
});

const ROLES: Record<string, string> = {
  owner: 'owner@savor.example',
  analyst: 'analyst@savor.example',
  east: 'east.manager@savor.example',
  store: 'sh01.manager@savor.example',
  agent: 'agent@savor.example',
};
const SIZES = {
  desktop: { viewport: { width: 1366, height: 860 }, isMobile: false },
  phone: { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true },
} as const;

/**
 * Every sidebar entry of every console module (path and the ability it needs), read from the modules' source: the
 * sidebar itself is no guide (collapsed groups and the phone drawer render their links only when opened).
 */
const NAV = readdirSync('apps/console/src/modules', { withFileTypes: true })
  .filter((d) => d.isDirectory() && existsSync(join('apps/console/src/modules', d.name, 'module.tsx')))
  .flatMap((d) =>
    [
      ...readFileSync(join('apps/console/src/modules', d.name, 'module.tsx'), 'utf8').matchAll(
        /\{\s*path:\s*'([^']+)',\s*labelKey:[^}]*?(?:ability:\s*'([^']+)')?,?\s*\}/g,
      ),
    ].map((m) => ({ path: m[1]!, ability: m[2] })),
  );

/** The pages a role can open: the sidebar entries its abilities allow, plus the first detail page of some lists. */
async function pagesOf(page: Page, baseUrl: string): Promise<string[]> {
  const me = (await (await page.request.get(`${baseUrl}/api/v1/me`)).json()) as { abilities: string[] };
  const paths = new Set(['/', ...NAV.filter((n) => !n.ability || me.abilities.includes(n.ability)).map((n) => n.path)]);
  for (const [api, path] of [
    ['tickets?limit=1', '/tickets/'],
    ['surveys?limit=1', '/surveys/'],
    ['customers?limit=1', '/customers/'],
  ] as const) {
    const res = await page.request.get(`${baseUrl}/api/v1/${api}`);
    if (!res.ok()) continue;
    const first = ((await res.json()) as { items?: Array<{ id: string }> }).items?.[0];
    if (first) paths.add(`${path}${first.id}`);
  }
  return [...paths].sort();
}

const stack = await startStack();
const problems: string[] = [];
const report: string[] = [];
try {
  for (const role of values.roles.split(',')) {
    for (const size of values.sizes.split(',') as Array<keyof typeof SIZES>) {
      for (const lang of values.langs.split(',')) {
        const context = await stack.browser.newContext({ ...SIZES[size], locale: lang });
        await context.addInitScript((l) => localStorage.setItem('loopcx.locale', l), lang);
        const page = await context.newPage();
        const seen: string[] = [];
        page.on('console', (m) => m.type() === 'error' && seen.push(`console: ${m.text().slice(0, 200)}`));
        page.on('pageerror', (e) => seen.push(`exception: ${e.message.slice(0, 200)}`));
        page.on('response', (r) => {
          if (r.url().includes('/api/') && r.status() >= 400)
            seen.push(`HTTP ${r.status()} ${new URL(r.url()).pathname}`);
        });
        await login(page, stack.baseUrl, ROLES[role]);
        const dir = join(values.out, `${role}-${size}-${lang}`);
        mkdirSync(dir, { recursive: true });
        for (const path of await pagesOf(page, stack.baseUrl)) {
          seen.length = 0;
          const started = Date.now();
          await page.goto(`${stack.baseUrl}${path}`);
          await page.waitForLoadState('load').catch(() => undefined);
          // The live pages keep a stream open, so the network is never idle: wait for the spinners to go.
          await page
            .waitForFunction(() => !document.querySelector('.ant-spin-spinning, .ant-skeleton-active'), null, {
              timeout: 20_000,
            })
            .catch(() => seen.push('still loading after 20 s'));
          await page.waitForTimeout(400);
          const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
          if (overflow > 2) seen.push(`wider than the screen by ${overflow}px`);
          const file = join(dir, `${path.replace(/\//g, '_') || '_'}.png`);
          await page.screenshot({ path: file, fullPage: size === 'desktop' });
          const line = `${role} ${size} ${lang} ${path} ${Date.now() - started}ms${seen.length ? ` — ${seen.join('; ')}` : ''}`;
          report.push(line);
          if (seen.length) problems.push(line);
          console.log(line);
        }
        await context.close();
      }
    }
  }
} finally {
  await stack.stop();
}
mkdirSync(values.out, { recursive: true });
writeFileSync(join(values.out, 'report.txt'), `${report.join('\n')}\n`);
console.log(`\n${report.length} pages, ${problems.length} with problems; screenshots in ${values.out}/`);
process.exit(problems.length ? 1 : 0);
