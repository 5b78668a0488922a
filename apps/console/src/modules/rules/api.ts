import type {
  TAlertRuleResponse,
  TNotificationResponse,
  TSlaPolicyListResponse,
  TSlaPolicyResponse,
} from '@loopcx/shared';
import { useQuery } from '@tanstack/react-query';
import { api } from '../../lib/api.ts';
import { type MutationCallbacks, useInvalidatingMutation } from '../../lib/query.ts';
import { feedbackConditionOf } from './FeedbackCondition.tsx';

/**
 * An alert rule as GET /alert-rules lists it. The contract types `actions` as an open record; the console reads the
 * one action it edits, the ticket to open.
 */
export type Rule = Omit<TAlertRuleResponse, 'actions'> & { actions: { ticket?: { priority: string } | null } };

/** An email in the outbox (mail is logged there unless SMTP is configured). */
export type OutboxMail = TNotificationResponse;

/** Response and resolution targets of a ticket priority. */
export type SlaPolicy = TSlaPolicyListResponse['items'][number];

/** Query keys for alert rules, the email outbox and SLA policies. */
export const ruleKeys = {
  all: ['alert-rules'] as const,
  list: () => [...ruleKeys.all, 'list'] as const,
  outbox: () => ['outbox'] as const,
  sla: () => ['sla'] as const,
};

/** The tenant's alert rules. */
export function useRules() {
  return useQuery({
    queryKey: ruleKeys.list(),
    queryFn: () => api<{ items: Rule[] }>('alert-rules').then((r) => r.items),
  });
}

/** Emails sent by rules (only for callers who may write rules). */
export function useOutbox(enabled: boolean) {
  return useQuery({
    queryKey: ruleKeys.outbox(),
    queryFn: () => api<{ items: OutboxMail[] }>('notifications?channel=email').then((r) => r.items),
    enabled,
  });
}

/** SLA policy per ticket priority. */
export function useSlaPolicies() {
  return useQuery({
    queryKey: ruleKeys.sla(),
    queryFn: () => api<{ items: SlaPolicy[] }>('sla-policies').then((r) => r.items),
  });
}

/** Switches a rule on or off. */
export function useToggleRule(callbacks?: MutationCallbacks<unknown, Rule>) {
  return useInvalidatingMutation(
    (r: Rule) => api(`alert-rules/${r.id}`, { method: 'PATCH', body: { enabled: !r.enabled } }),
    [ruleKeys.all],
    callbacks,
  );
}

/** Deletes a rule. */
export function useDeleteRule(callbacks?: MutationCallbacks<unknown, string>) {
  return useInvalidatingMutation(
    (id: string) => api(`alert-rules/${id}`, { method: 'DELETE' }),
    [ruleKeys.all],
    callbacks,
  );
}

/** Creates a rule from the form's values (response expression or metric threshold/anomaly, ticket, emails, webhook endpoint). */
export function useCreateRule(callbacks?: MutationCallbacks<unknown, Record<string, any>>) {
  return useInvalidatingMutation(
    (v: Record<string, any>) =>
      api('alert-rules', {
        body: {
          kind: v.kind,
          name: v.name,
          condition:
            v.kind === 'response'
              ? { expression: v.expression }
              : v.kind === 'feedback'
                ? feedbackConditionOf(v)
                : {
                    metric: v.metric,
                    windowDays: v.windowDays,
                    minN: v.minN,
                    ...(v.anomaly ? { anomaly: true } : { op: v.op, threshold: v.threshold }),
                  },
          actions: {
            ticket: v.ticket ? { priority: v.priority, assign: v.assign } : null,
            notify: {
              inApp: true,
              emails: (v.emails ?? '').split(/[,\s]+/).filter(Boolean),
              ...(v.webhookId ? { webhookId: v.webhookId } : {}),
            },
          },
        },
      }),
    [ruleKeys.all],
    callbacks,
  );
}

/** Saves a priority's SLA; the answer says how many open tickets got new due dates. */
export function useSaveSla(callbacks?: MutationCallbacks<{ openTicketsUpdated: number }, SlaPolicy>) {
  return useInvalidatingMutation(
    (v: SlaPolicy) =>
      api<TSlaPolicyResponse>(`sla-policies/${v.priority}`, {
        method: 'PUT',
        body: { firstResponseMinutes: v.firstResponseMinutes, resolutionMinutes: v.resolutionMinutes },
      }),
    [ruleKeys.sla()],
    callbacks,
  );
}
