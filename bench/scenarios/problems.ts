import { randomUUID } from 'node:crypto';
import { rows, sql } from '../../apps/server/src/platform/db.ts';
import type { BenchOptions, BenchScenario } from '../run.ts';
import { startBenchServer, timedRead } from '../support.ts';

const DAY = 86400_000;

/**
 * Problems and department tasks at demo scale and beyond: `problems` problems (300, `--quick` 60) of four tasks
 * each over three teams and 24 stores, in every state over 90 days; then the console's reads — the problems list,
 * "my tasks", the on-time rate per team and per unit, and the metric `tasks.on_time_rate` by store — each timed 20
 * times through HTTP.
 */
export const scenario: BenchScenario = {
  name: 'problems',
  async run(opts: BenchOptions) {
    const server = await startBenchServer(opts, { stores: 24 });
    const { ctx, call, tenant } = server;
    const t = tenant.tenantId;
    const teams: string[] = [];
    for (const name of ['客服部', '运营部', '品控部'])
      teams.push((await call('/api/v1/teams', { name, memberIds: [tenant.ownerId] })).id);
    const stores = (
      await rows<{ id: string }>(ctx.db, sql`SELECT id FROM org_units WHERE tenant_id = ${t} AND kind = 'store'`)
    ).map((r) => r.id);
    const n = opts.quick ? 60 : 300;
    const now = Date.now();
    const statuses = ['open', 'in_progress', 'submitted', 'accepted', 'accepted', 'returned'];
    const seeded = performance.now();
    await ctx.db.transaction(async (tx) => {
      for (let i = 0; i < n; i++) {
        const id = randomUUID();
        const created = now - ((i * 90) / n) * DAY;
        await tx.execute(
          sql`INSERT INTO problems (tenant_id, id, number, title, org_unit_id, owner_id, created_at, updated_at)
              VALUES (${t}, ${id}, ${i + 1}, ${`问题 ${i + 1}`}, ${tenant.rootId}, ${tenant.ownerId}, ${new Date(created).toISOString()}, ${new Date(created).toISOString()})`,
        );
        for (let k = 0; k < 4; k++) {
          const status = statuses[(i + k) % statuses.length];
          const due = created + (3 + k * 2) * DAY;
          const submitted = ['submitted', 'accepted'].includes(status) ? due + ((i + k) % 3 === 0 ? DAY : -DAY) : null;
          await tx.execute(
            sql`INSERT INTO problem_tasks (tenant_id, id, problem_id, seq, title, team_id, org_unit_id, due_at, status, submitted_at, accepted_at)
                VALUES (${t}, ${randomUUID()}, ${id}, ${k + 1}, ${`任务 ${k + 1}`}, ${k < 2 ? teams[(i + k) % 3] : null},
                        ${k < 2 ? null : stores[(i * 2 + k) % stores.length]}, ${new Date(due).toISOString()}, ${status},
                        ${submitted ? new Date(submitted).toISOString() : null}, ${status === 'accepted' && submitted ? new Date(submitted + DAY).toISOString() : null})`,
          );
        }
      }
    });
    const seedMs = performance.now() - seeded;
    const from = new Date(now - 90 * DAY).toISOString().slice(0, 10);
    const to = new Date(now + 30 * DAY).toISOString().slice(0, 10);
    const time = (label: string, path: string, body?: unknown) => timedRead(server, label, path, body);
    const out = {
      problems: n,
      tasks: n * 4,
      'seed ms': Math.round(seedMs),
      ...(await time('list open problems', '/api/v1/problems?status=open')),
      ...(await time('list overdue problems', '/api/v1/problems?overdue=true')),
      ...(await time('my tasks', '/api/v1/problems/tasks/mine')),
      ...(await time('on-time rate by team', `/api/v1/problems/on-time-rate?by=team&from=${from}&to=${to}`)),
      ...(await time('on-time rate by unit', `/api/v1/problems/on-time-rate?by=unit&from=${from}&to=${to}`)),
      ...(await time('metric tasks.on_time_rate by store', '/api/v1/metrics/query', {
        metric: 'tasks.on_time_rate',
        from,
        to,
        groupBy: 'children',
      })),
    };
    await server.stop();
    return out;
  },
};
