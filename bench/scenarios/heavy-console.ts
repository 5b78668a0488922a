import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildServer } from '../../apps/server/src/app.ts';
import { bootContext, closeContext } from '../../apps/server/src/platform/boot.ts';
import { loadConfig } from '../../apps/server/src/platform/config.ts';
import { startWorker } from '../../apps/server/src/platform/jobs.ts';
import { DEMO_USERS, seedDemo } from '../../apps/server/src/seed/demo.ts';
import type { BenchOptions, BenchScenario } from '../run.ts';

/**
 * Issue 15 defect 1: while every demo role loops the heaviest console queries (segment previews and members,
 * customers, responses, events, ticket reports, journeys, text), `/healthz` and the public survey submit keep
 * answering. Demo tenant on PGlite with the worker running; prints p50/p99 of both probes and the slowest console
 * query with its time. Target: p99 < 200 ms for both probes.
 */
export const scenario: BenchScenario = {
  name: 'heavy-console',
  databases: ['pglite'],
  async run(opts: BenchOptions) {
    const dataDir = mkdtempSync(join(tmpdir(), 'loopcx-heavy-'));
    const ctx = await bootContext(loadConfig({ dataDir, logLevel: 'silent', secret: 'bench' }));
    const password = 'bench-demo-password-1';
    await seedDemo(ctx, { password });
    const app = await buildServer(ctx);
    await app.listen({ port: 0, host: '127.0.0.1' });
    const stopWorker = startWorker(ctx, { idleMs: 100 });
    const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;

    const login = async (email: string) => {
      const r = await fetch(`${base}/api/v1/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email, password }),
      });
      return (r.headers.get('set-cookie') ?? '').split(';')[0];
    };
    const ownerCookie = await login(DEMO_USERS[0].email);
    const ownerCall = async (path: string, body?: unknown) =>
      (
        await fetch(`${base}${path}`, {
          method: body ? 'POST' : 'GET',
          headers: { cookie: ownerCookie, ...(body ? { 'content-type': 'application/json' } : {}) },
          body: body ? JSON.stringify(body) : undefined,
        })
      ).json();
    const survey = await ownerCall('/api/v1/surveys', { templateId: 'post-dining-csat' });
    await ownerCall(`/api/v1/surveys/${survey.id}/publish`, {});
    const links = (await ownerCall(`/api/v1/surveys/${survey.id}/unit-links`)).items as Array<{ token: string }>;

    const day = (d: number) => new Date(Date.now() - d * 86400_000).toISOString().slice(0, 10);
    const heavy: Array<[string, unknown?]> = [
      [
        '/api/v1/customers/segments/preview',
        {
          definition: {
            match: 'all',
            conditions: [
              { kind: 'events', eventType: 'order.completed', fn: 'count', windowDays: 90, op: 'gte', value: 1 },
            ],
          },
        },
      ],
      [
        '/api/v1/customers/segments/preview',
        { definition: { match: 'all', conditions: [{ kind: 'npsGroup', groups: ['detractor'] }] } },
      ],
      ['/api/v1/customers/segments'],
      ['/api/v1/customers'],
      ['/api/v1/responses'],
      ['/api/v1/events'],
      ['/api/v1/tickets/reports/summary'],
      ['/api/v1/tickets'],
      ['/api/v1/surveys'],
      ['/api/v1/journeys'],
      [`/api/v1/text/summary?from=${day(90)}&to=${day(0)}`],
    ];
    // owner, analyst, East manager, SH-01 manager, agent.
    const roles = DEMO_USERS.slice(0, 5);
    const cookies = await Promise.all(roles.map((u) => login(u.email)));
    // Segment member lists as each role opens them.
    const segments = (await ownerCall('/api/v1/customers/segments')).items as Array<{ id: string }>;
    for (const s of segments.slice(0, 2)) heavy.push([`/api/v1/customers/segments/${s.id}/members`]);

    const seconds = opts.quick ? 20 : 60;
    const until = Date.now() + seconds * 1000;
    const worst = { ms: 0, what: '' };
    const status = new Map<number, number>();
    const consoleLoops = roles.map(async (u, i) => {
      while (Date.now() < until) {
        for (const [path, body] of heavy) {
          if (Date.now() >= until) break;
          const t = performance.now();
          const r = await fetch(`${base}${path}`, {
            method: body ? 'POST' : 'GET',
            headers: { cookie: cookies[i], ...(body ? { 'content-type': 'application/json' } : {}) },
            body: body ? JSON.stringify(body) : undefined,
          });
          await r.arrayBuffer();
          const ms = performance.now() - t;
          status.set(r.status, (status.get(r.status) ?? 0) + 1);
          if (ms > worst.ms)
            Object.assign(worst, { ms, what: `${u.email.split('@')[0]} ${body ? 'POST' : 'GET'} ${path}` });
        }
      }
    });
    const probe = async (fn: () => Promise<Response>) => {
      const times: number[] = [];
      const failed = new Map<number, number>();
      while (Date.now() < until) {
        const t = performance.now();
        const r = await fn();
        await r.arrayBuffer();
        times.push(performance.now() - t);
        if (!r.ok) failed.set(r.status, (failed.get(r.status) ?? 0) + 1);
        await new Promise((res) => setTimeout(res, 20));
      }
      times.sort((a, b) => a - b);
      const q = (p: number) => times[Math.min(times.length - 1, Math.floor(p * times.length))] ?? 0;
      const failures = [...failed].map(([s, n]) => `${s}:${n}`).join(' ') || 'none';
      return { n: times.length, p50: q(0.5), p99: q(0.99), max: times.at(-1) ?? 0, failures };
    };
    let k = 0;
    const [health, submit] = await Promise.all([
      probe(() => fetch(`${base}/healthz`)),
      probe(() =>
        fetch(`${base}/api/v1/responses`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({
            token: links[k % links.length].token,
            answers: { csat: 4, food: 4, service: 5, speed: 3, comment: '上菜有点慢' },
            idempotencyKey: `heavy-${k++}`,
          }),
        }),
      ),
      ...consoleLoops,
    ]);
    await stopWorker();
    await app.close();
    await closeContext(ctx);
    rmSync(dataDir, { recursive: true, force: true });
    return {
      'healthz p50 ms': health.p50,
      'healthz p99 ms': health.p99,
      'healthz max ms': health.max,
      'submit p50 ms': submit.p50,
      'submit p99 ms': submit.p99,
      'submit max ms': submit.max,
      'submit requests': submit.n,
      'submit failures by status': submit.failures,
      'console requests by status': [...status].map(([s, n]) => `${s}:${n}`).join(' '),
      'worst console query': worst.what,
      'worst console query ms': worst.ms,
      'target p99 < 200 ms': health.p99 < 200 && submit.p99 < 200 ? 'met' : 'missed',
    };
  },
};
