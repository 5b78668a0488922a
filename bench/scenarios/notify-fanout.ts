import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { announce, notify } from '../../apps/server/src/domains/notifications/commands/notify.ts';
import { one, sql } from '../../apps/server/src/platform/db.ts';
import { runDueJobs } from '../../apps/server/src/platform/jobs.ts';
import { startPushService } from '../../apps/server/src/testing/push-service.ts';
import type { BenchOptions, BenchScenario } from '../run.ts';
import { startBenchServer } from '../support.ts';

/**
 * Notification fan-out: one alert to N managers across channels — in-app rows, emails to the outbox, a web push per
 * browser (encrypted and VAPID-signed per subscription, to a loopback push-service stand-in that verifies and
 * decrypts every one) and a 企业微信 robot post — timing the `notify` transaction and the sending jobs.
 */
export const scenario: BenchScenario = {
  name: 'notify-fanout',
  async run(opts: BenchOptions) {
    process.env.LOOPCX_OUTBOUND_ALLOW = '127.0.0.1/32';
    const n = opts.quick ? 50 : 500;
    const push = await startPushService();
    let robotPosts = 0;
    const robot = createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        robotPosts++;
        res.writeHead(200, { 'content-type': 'application/json' }).end('{"errcode":0,"errmsg":"ok"}');
      });
    });
    await new Promise<void>((r) => robot.listen(0, '127.0.0.1', r));
    const s = await startBenchServer(opts, { stores: 1, worker: false });
    try {
      const t = s.tenant.tenantId;
      const users = Array.from({ length: n }, () => randomUUID());
      await s.ctx.db.execute(
        sql`INSERT INTO users (tenant_id, id, email, name, password_hash, role, org_unit_id)
            SELECT ${t}, u::uuid, 'm' || i || '@bench.x', 'm' || i, 'x', 'manager', ${s.tenant.rootId}
            FROM jsonb_array_elements_text(${JSON.stringify(users)}::jsonb) WITH ORDINALITY AS x(u, i)`,
      );
      // Half the managers have a browser subscribed to push.
      for (const u of users.slice(0, n / 2)) {
        const sub = push.subscribe();
        await s.ctx.db.execute(
          sql`INSERT INTO push_subscriptions (tenant_id, id, user_id, endpoint, p256dh, auth)
              VALUES (${t}, ${randomUUID()}, ${u}, ${sub.endpoint}, ${sub.keys.p256dh}, ${sub.keys.auth})`,
        );
      }
      const robotUrl = `http://127.0.0.1:${(robot.address() as AddressInfo).port}/cgi-bin/webhook/send?key=bench`;
      await s.call('/api/v1/notification-robots', {
        name: 'bench',
        provider: 'wecom',
        orgUnitId: s.tenant.rootId,
        webhookUrl: robotUrl,
        kinds: ['alert.response'],
      });
      const t0 = performance.now();
      const results = await s.ctx.db.transaction((tx) =>
        notify(tx, s.ctx, {
          tenantId: t,
          kind: 'alert.response',
          userIds: users,
          unitId: s.tenant.rootId,
          title: '贬损者预警 — bench',
          body: 'NPS 2 · 上菜太慢了',
          link: '/tickets/bench',
        }),
      );
      const notifyMs = performance.now() - t0;
      announce(s.ctx, results);
      const t1 = performance.now();
      while ((await runDueJobs(s.ctx, undefined, { tenantIds: [t] })) > 0);
      const sendMs = performance.now() - t1;
      const rows = await one<{ n: number }>(
        s.ctx.db,
        sql`SELECT count(*)::int AS n FROM notifications WHERE tenant_id = ${t}`,
      );
      return {
        recipients: n,
        rows: rows?.n ?? 0,
        'notify tx ms': Math.round(notifyMs),
        'send jobs ms': Math.round(sendMs),
        'pushes verified': push.received.length,
        'push rejected': push.rejected.length,
        'robot posts': robotPosts,
        'pushes/s': Math.round(push.received.length / (sendMs / 1000)),
      };
    } finally {
      await s.stop();
      await push.close();
      await new Promise<void>((r) => robot.close(() => r()));
    }
  },
};
