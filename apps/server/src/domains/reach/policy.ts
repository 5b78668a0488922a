import type { TContactPolicy } from '@loopcx/shared';
import { type Executor, one, rows, sql } from '../../platform/db.ts';
import type { TPolicyInput } from './schema.ts';

/** No rule beyond opt-out: the policy of a tenant that never set one. */
export const NO_POLICY: TContactPolicy = { maxInvitations: null, minDaysBetween: null, suppressWhileTicketOpen: false };

interface PolicyRow {
  max_count: number | null;
  max_days: number | null;
  min_days_between: number | null;
  suppress_while_ticket_open: boolean;
  updated_at: Date | string;
}

/** The tenant-wide contact policy (NO_POLICY when none was saved). */
export async function loadTenantPolicy(
  ex: Executor,
  tenantId: string,
): Promise<TContactPolicy & { updatedAt: string | null }> {
  const r = await one<PolicyRow>(ex, sql`SELECT * FROM contact_policies WHERE tenant_id = ${tenantId}`);
  if (!r) return { ...NO_POLICY, updatedAt: null };
  return {
    maxInvitations: r.max_count && r.max_days ? { count: r.max_count, days: r.max_days } : null,
    minDaysBetween: r.min_days_between,
    suppressWhileTicketOpen: r.suppress_while_ticket_open,
    updatedAt: new Date(r.updated_at).toISOString(),
  };
}

/**
 * The per-survey overrides of these surveys (survey_contact_policies), by survey id; surveys without one are
 * absent. One primary-key lookup per evaluation, nothing when no survey is given.
 */
export async function loadSurveyPolicies(
  ex: Executor,
  tenantId: string,
  surveyIds: string[],
): Promise<Map<string, TPolicyInput>> {
  if (!surveyIds.length) return new Map();
  const list = await rows<{ survey_id: string; policy: TPolicyInput }>(
    ex,
    sql`SELECT survey_id, policy FROM survey_contact_policies
        WHERE tenant_id = ${tenantId} AND survey_id = ANY(${`{${[...new Set(surveyIds)].join(',')}}`}::uuid[])`,
  );
  return new Map(list.map((r) => [r.survey_id, r.policy]));
}

/**
 * An override on top of a policy: each field it names replaces the policy's. Applied tenant → survey override →
 * trigger override, the more specific last.
 */
export function effectivePolicy(tenant: TContactPolicy, override: TPolicyInput | null | undefined): TContactPolicy {
  if (!override) return tenant;
  return {
    maxInvitations: override.maxInvitations !== undefined ? override.maxInvitations : tenant.maxInvitations,
    minDaysBetween: override.minDaysBetween !== undefined ? override.minDaysBetween : tenant.minDaysBetween,
    suppressWhileTicketOpen: override.suppressWhileTicketOpen ?? tenant.suppressWhileTicketOpen,
  };
}

/** A customer's invitations that count against the policy: those that went or will go out. */
export const COUNTED_STATUSES = sql`('scheduled', 'sent', 'delivered')`;

const DAY = 86_400_000;

/**
 * Whether one more invitation may go to a customer now, given the creation times of the customer's counted
 * invitations (any order) and whether they have an open ticket. Returns the suppression reason or null.
 */
export function policyVerdict(
  policy: TContactPolicy,
  now: number,
  counted: number[],
  ticketOpen: boolean,
): 'frequency' | 'min_interval' | 'ticket_open' | null {
  if (policy.suppressWhileTicketOpen && ticketOpen) return 'ticket_open';
  if (policy.maxInvitations) {
    const since = now - policy.maxInvitations.days * DAY;
    if (counted.filter((t) => t > since).length >= policy.maxInvitations.count) return 'frequency';
  }
  if (policy.minDaysBetween) {
    const since = now - policy.minDaysBetween * DAY;
    if (counted.some((t) => t > since)) return 'min_interval';
  }
  return null;
}
