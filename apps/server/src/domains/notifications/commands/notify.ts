import { randomUUID } from 'node:crypto';
import {
  channelOffered,
  DEFAULT_PREFERENCE_CHANNELS,
  type TNotificationKind,
  type TPreferenceChannel,
  type TUiLang,
  uiLangOf,
} from '@loopcx/shared';
import type { AppContext } from '../../../platform/context.ts';
import { type Executor, rows, sql } from '../../../platform/db.ts';
import { enqueue, wakeWorkers } from '../../../platform/jobs.ts';
import { pathUnderUnit } from '../../org/scope.ts';
import { consoleUrl, type RenderedEmail, renderNotificationEmail } from '../email.ts';
import { emailSendJob, pushSendJob, robotSendJob } from '../jobs.ts';

/** One notification to write with `notify`. */
export interface NotifyCommand {
  tenantId: string;
  kind: TNotificationKind;
  /** Who gets it. Without `userIds`, the managers of `unitId` (the nearest level of the unit's ancestry that has any). */
  userIds?: string[];
  /** The unit it is about: picks recipients when `userIds` is absent, and the group robots (this unit's and its ancestors') that post it. */
  unitId?: string | null;
  title: string;
  body: string;
  /** The console path where it is handled (`/tickets/<id>`, `/problems/<id>` …). */
  link?: string | null;
  data?: Record<string, unknown>;
  /** The email per recipient language; absent: rendered from title, body and link (notifications/email.ts). */
  email?: Partial<Record<TUiLang, RenderedEmail>>;
}

/** Who was notified in-app, for `announce` after commit. */
export interface NotifyResult {
  tenantId: string;
  userIds: string[];
}

interface Recipient {
  id: string;
  email: string | null;
  locale: string | null;
  prefs: Record<string, boolean>;
  has_push: boolean;
}

/** Whether `channel` is on for `kind`: never if the kind does not offer it, else the user's own choice or the default. */
export function channelOn(prefs: Record<string, boolean>, kind: TNotificationKind, channel: TPreferenceChannel) {
  if (!channelOffered(kind, channel)) return false;
  const own = prefs[`${kind}|${channel}`];
  return own ?? DEFAULT_PREFERENCE_CHANNELS[kind].includes(channel);
}

/**
 * THE way a feature tells people something (alerts, tickets, tasks, reports…). Writes, in the caller's
 * transaction, one in-app row per recipient (the bell) and, per each recipient's preferences for the kind, an email
 * (in the recipient's language) and a web push, plus one post per group robot of the unit that subscribed to the
 * kind; each non-in-app row gets its outbox job, so sending survives crashes and happens after commit. A fixed
 * number of statements whatever the number of commands and recipients. Call `announce(ctx, results)` after the
 * transaction commits: it lights the bells of open consoles (SSE) and wakes the workers.
 */
export async function notify(
  tx: Executor,
  ctx: AppContext,
  input: NotifyCommand | NotifyCommand[],
): Promise<NotifyResult[]> {
  const list = Array.isArray(input) ? input : [input];
  const byTenant = new Map<string, NotifyCommand[]>();
  for (const c of list) byTenant.set(c.tenantId, [...(byTenant.get(c.tenantId) ?? []), c]);
  const out: NotifyResult[] = [];
  for (const [tenantId, cmds] of byTenant) out.push(await notifyTenant(tx, ctx, tenantId, cmds));
  return out;
}

async function notifyTenant(tx: Executor, ctx: AppContext, tenantId: string, cmds: NotifyCommand[]) {
  const idList = (ids: string[]) =>
    sql.join(
      ids.map((id) => sql`${id}`),
      sql`, `,
    );
  const units = [...new Set(cmds.map((c) => c.unitId).filter((u): u is string => !!u))];
  // Managers of each unit: the nearest level of its ancestry (itself first) that has active managers.
  const managersOf = new Map<string, string[]>();
  const needManagers = [...new Set(cmds.filter((c) => !c.userIds && c.unitId).map((c) => c.unitId as string))];
  if (needManagers.length) {
    for (const r of await rows<{ unit_id: string; ids: string[] }>(
      tx,
      sql`SELECT DISTINCT ON (o.id) o.id AS unit_id, array_agg(u.id ORDER BY u.id) AS ids
          FROM org_units o
          JOIN org_units a ON a.tenant_id = o.tenant_id AND ${pathUnderUnit('o', 'a')}
          JOIN users u ON u.tenant_id = a.tenant_id AND u.org_unit_id = a.id AND u.role = 'manager' AND u.status = 'active'
          WHERE o.tenant_id = ${tenantId} AND o.id IN (${idList(needManagers)})
          GROUP BY o.id, a.id, a.depth ORDER BY o.id, a.depth DESC`,
    ))
      managersOf.set(r.unit_id, r.ids);
  }
  const targets = cmds.map((c) => [...new Set(c.userIds ?? (c.unitId ? (managersOf.get(c.unitId) ?? []) : []))]);
  const everyone = [...new Set(targets.flat())];
  const recipients = new Map<string, Recipient>();
  if (everyone.length) {
    for (const r of await rows<Recipient>(
      tx,
      sql`SELECT u.id, u.email, u.locale,
                 coalesce((SELECT jsonb_object_agg(p.kind || '|' || p.channel, p.enabled) FROM notification_preferences p
                           WHERE p.tenant_id = u.tenant_id AND p.user_id = u.id), '{}'::jsonb) AS prefs,
                 EXISTS (SELECT 1 FROM push_subscriptions s WHERE s.tenant_id = u.tenant_id AND s.user_id = u.id) AS has_push
          FROM users u WHERE u.tenant_id = ${tenantId} AND u.status = 'active' AND u.id IN (${idList(everyone)})`,
    ))
      recipients.set(r.id, r);
  }
  // Robots of each unit and of its ancestors that post this kind.
  const robotsOf = new Map<string, Array<{ id: string; kinds: string[] }>>();
  if (units.length) {
    for (const r of await rows<{ unit_id: string; id: string; kinds: string[] }>(
      tx,
      sql`SELECT o.id AS unit_id, r.id, r.kinds FROM org_units o
          JOIN org_units a ON a.tenant_id = o.tenant_id AND ${pathUnderUnit('o', 'a')}
          JOIN notification_robots r ON r.tenant_id = a.tenant_id AND r.org_unit_id = a.id AND r.enabled
          WHERE o.tenant_id = ${tenantId} AND o.id IN (${idList(units)})`,
    ))
      robotsOf.set(r.unit_id, [...(robotsOf.get(r.unit_id) ?? []), { id: r.id, kinds: r.kinds }]);
  }

  type Row = {
    id: string;
    c: string;
    r: string;
    k: string;
    s: string;
    b: string;
    l: string | null;
    h: string | null;
    d: unknown;
    st: string;
  };
  const written: Row[] = [];
  const jobs = { email: [] as string[], push: [] as string[], robot: [] as string[] };
  const notified = new Set<string>();
  const smtp = !!ctx.config.smtpUrl;
  cmds.forEach((c, i) => {
    const link = c.link ?? null;
    const data = c.data ?? {};
    const add = (
      channel: string,
      recipient: string,
      status: string,
      subject = c.title,
      body = c.body,
      html: string | null = null,
    ) => {
      const id = randomUUID();
      written.push({
        id,
        c: channel,
        r: recipient,
        k: c.kind,
        s: subject,
        b: body,
        l: link,
        h: html,
        d: data,
        st: status,
      });
      return id;
    };
    for (const userId of targets[i]) {
      const u = recipients.get(userId);
      if (!u) continue;
      if (channelOn(u.prefs, c.kind, 'in_app')) {
        add('in_app', u.id, 'sent');
        notified.add(u.id);
      }
      if (u.email && channelOn(u.prefs, c.kind, 'email')) {
        const lang = uiLangOf(u.locale);
        const mail =
          c.email?.[lang] ??
          renderNotificationEmail({ lang, title: c.title, body: c.body, url: consoleUrl(ctx.config.publicUrl, link) });
        const id = add('email', u.email, smtp ? 'pending' : 'outbox', mail.subject, mail.text, mail.html);
        if (smtp) jobs.email.push(id);
      }
      if (u.has_push && channelOn(u.prefs, c.kind, 'push')) jobs.push.push(add('push', u.id, 'pending'));
    }
    for (const robot of c.unitId ? (robotsOf.get(c.unitId) ?? []) : [])
      if (robot.kinds.includes(c.kind)) jobs.robot.push(add('robot', robot.id, 'pending'));
  });
  if (written.length) {
    await tx.execute(
      sql`INSERT INTO notifications (tenant_id, id, channel, recipient, kind, subject, body, link, html, data, status, created_at)
          SELECT ${tenantId}, x.id, x.c, x.r, x.k, x.s, x.b, x.l, x.h, x.d, x.st, ${ctx.clock.now().toISOString()}::timestamptz
          FROM jsonb_to_recordset(${JSON.stringify(written)}::jsonb)
            AS x(id uuid, c text, r text, k text, s text, b text, l text, h text, d jsonb, st text)`,
    );
    const payloads = (ids: string[]) => ids.map((notificationId) => ({ notificationId }));
    await enqueue(tx, emailSendJob, payloads(jobs.email), { tenantId });
    await enqueue(tx, pushSendJob, payloads(jobs.push), { tenantId });
    await enqueue(tx, robotSendJob, payloads(jobs.robot), { tenantId });
  }
  return { tenantId, userIds: [...notified] };
}

/**
 * After the transaction that called `notify` committed: tells the recipients' open consoles (the bell's count, over
 * SSE through the bus, so every node's streams hear it) and wakes the workers that send email, push and robots.
 */
export function announce(ctx: Pick<AppContext, 'bus'>, results: NotifyResult[]) {
  let any = false;
  for (const r of results) {
    if (!r.userIds.length) continue;
    any = true;
    ctx.bus.publish({ tenantId: r.tenantId, type: 'notifications.created', data: { userIds: r.userIds } });
  }
  if (any || results.length) wakeWorkers(ctx);
}
