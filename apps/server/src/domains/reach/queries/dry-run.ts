import type { Actor } from '../../../platform/auth.ts';
import type { AppContext } from '../../../platform/context.ts';
import { rows, sql } from '../../../platform/db.ts';
import { inTransaction } from '../../../platform/routing.ts';
import { eventScope } from '../../events/queries/list-events.ts';
import { decide, firstPerEvent, matchEvents, type TriggerEvent } from '../commands/evaluate-events.ts';
import { mapContext } from '../paths.ts';
import { surveyPreview } from './survey-preview.ts';
import type { TriggerRow } from './triggers.ts';

/**
 * What a trigger would do with the latest `limit` events of its type in the caller's scope, under the contact
 * policy as it stands now: match, sample, send or suppress (with the reason), and the survey context each customer
 * would get, with the survey's questions that customer would see. Runs the real decision in a transaction that is rolled back, so nothing is written.
 */
export async function dryRunTrigger(ctx: AppContext, actor: Actor, trigger: TriggerRow, limit: number) {
  return inTransaction(
    ctx,
    async (tx) => {
      const events = await rows<TriggerEvent>(
        tx,
        sql`SELECT e.id, e.type, e.occurred_at, e.org_unit_id, e.touchpoint_id, e.customer_ref, e.properties, e.value
            FROM events e LEFT JOIN org_units o ON o.tenant_id = e.tenant_id AND o.id = e.org_unit_id
            WHERE ${eventScope(actor)} AND e.type = ${trigger.event_type}
            ORDER BY e.occurred_at DESC, e.id DESC LIMIT ${limit}`,
      );
      const matched = matchEvents(events, [trigger]);
      const decisions = await decide(tx, actor.tenantId, firstPerEvent(matched), ctx.clock.now());
      const byEvent = new Map(decisions.map((d) => [d.event.id, d]));
      const preview = await surveyPreview(tx, actor.tenantId, trigger.survey_id);
      return {
        scanned: events.length,
        survey: preview && { id: preview.id, name: preview.name, questions: preview.questions },
        items: matched.map((m) => {
          const d = byEvent.get(m.event.id);
          const context = d?.context ?? mapContext(trigger.context, m.event.properties);
          return {
            eventId: m.event.id,
            occurredAt: new Date(m.event.occurred_at).toISOString(),
            customer: m.event.customer_ref,
            matches: m.matches,
            sampled: m.sampled,
            outcome: d ? (d.reason ? ('suppressed' as const) : ('send' as const)) : ('skipped' as const),
            reason: d?.reason ?? (m.matches ? (m.sampled ? null : 'sampling') : 'condition'),
            context,
            shownQuestions: preview ? preview.shown(context) : [],
          };
        }),
      };
    },
    { dryRun: true },
  );
}
