import type { TRobotProvider } from '@loopcx/shared';
import type { AppContext } from '../../../platform/context.ts';
import { one, sql } from '../../../platform/db.ts';
import type { Job } from '../../../platform/jobs.ts';
import { OutboundRefused } from '../../../platform/outbound.ts';
import { consoleUrl } from '../email.ts';
import { type RobotAnswer, sendToRobot } from '../robots/adapters.ts';
import { openRobot } from '../robots/secrets.ts';

export interface RobotRow {
  provider: TRobotProvider;
  webhook_sealed: string;
  secret_sealed: string | null;
  enabled: boolean;
}

/** Sends one message to a robot and records the answer on the robot (its page shows the last status). */
export async function postToRobot(
  ctx: AppContext,
  tenantId: string,
  robotId: string,
  robot: RobotRow,
  message: { title: string; body: string; link: string | null },
): Promise<RobotAnswer> {
  const opened = openRobot(ctx, tenantId, robot);
  let answer: RobotAnswer;
  if (!opened.url)
    answer = { ok: false, status: 0, detail: 'the webhook URL cannot be opened (LOOPCX_SECRET changed)' };
  else {
    try {
      answer = await sendToRobot(
        ctx,
        { provider: robot.provider, webhookUrl: opened.url, secret: opened.secret },
        { title: message.title, body: message.body, url: consoleUrl(ctx.config.publicUrl, message.link) },
        ctx.clock.now(),
      );
    } catch (err) {
      if (!(err instanceof Error)) throw err;
      // The outbound module's messages name only the origin, never the key in the path or query.
      answer = { ok: false, status: err instanceof OutboundRefused ? -1 : 0, detail: err.message.slice(0, 200) };
    }
  }
  await ctx.db.execute(
    sql`UPDATE notification_robots SET last_status = ${answer.detail}, last_sent_at = ${ctx.clock.now().toISOString()}
        WHERE tenant_id = ${tenantId} AND id = ${robotId}`,
  );
  return answer;
}

/**
 * Job handler: posts one notification to its group robot. A refused destination or a switched-off/deleted robot
 * marks the row failed; any other failure throws, so the job retries with backoff (parked after its last attempt).
 */
export async function sendRobot(ctx: AppContext, job: Job<{ notificationId: string }>) {
  const tenantId = job.tenantId;
  if (!tenantId) return;
  const n = await one<{ recipient: string; subject: string; body: string; link: string | null; status: string }>(
    ctx.db,
    sql`SELECT recipient, subject, body, link, status FROM notifications
        WHERE tenant_id = ${tenantId} AND id = ${job.payload.notificationId} AND channel = 'robot'`,
  );
  if (n?.status !== 'pending') return;
  const robot = await one<RobotRow>(
    ctx.db,
    sql`SELECT provider, webhook_sealed, secret_sealed, enabled FROM notification_robots
        WHERE tenant_id = ${tenantId} AND id = ${n.recipient}::uuid`,
  );
  const mark = (status: string) =>
    ctx.db.execute(
      sql`UPDATE notifications SET status = ${status} WHERE tenant_id = ${tenantId} AND id = ${job.payload.notificationId}`,
    );
  if (!robot?.enabled) return void (await mark('failed'));
  const answer = await postToRobot(ctx, tenantId, n.recipient, robot, { title: n.subject, body: n.body, link: n.link });
  if (answer.ok) return void (await mark('sent'));
  if (answer.status === -1) return void (await mark('failed'));
  throw new Error(`robot answered ${answer.detail}`);
}
