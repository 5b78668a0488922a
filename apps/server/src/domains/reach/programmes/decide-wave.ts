import { type Executor, rows, sql } from '../../../platform/db.ts';
import { sampledIn } from '../commands/evaluate-events.ts';
import { COUNTED_STATUSES, effectivePolicy, loadSurveyPolicies, loadTenantPolicy, policyVerdict } from '../policy.ts';

/** What a wave does for one segment member. */
export interface WaveDecision {
  customerId: string;
  name: string | null;
  /** The member id (the profile's `member` identity), which the invitation's link and the channel carry. */
  member: string | null;
  sampled: boolean;
  /** null: invite; else why the invitation is suppressed. Meaningless when not sampled. */
  reason: string | null;
}

/** The programme fields a decision reads. */
export interface WaveProgramme {
  id: string;
  tenant_id: string;
  survey_id: string;
  sample_percent: number;
  cooldown_days: number;
}

const uuidArray = (ids: string[]) => `{${ids.join(',')}}`;
const textArray = (values: string[]) => `{${values.map((v) => JSON.stringify(v)).join(',')}}`;
const DAY = 86_400_000;

/**
 * Decides a wave for segment members (ids sorted), in the caller's transaction. Sampling is a hash of programme,
 * wave key and customer (a re-run chunk and the preview decide the same). With `lock`, the sampled customers are
 * locked `FOR UPDATE` in id order before their counted invitations are read — the same lock trigger evaluation
 * takes (decision 38), so a wave and an event deciding for one customer run one after the other and the contact
 * policy holds across both. The preview reads without locking and writes nothing.
 * Reasons: `opted_out`, `cooldown` (this programme invited them within its cooldown), then the contact policy's
 * `ticket_open`, `frequency`, `min_interval` (the tenant policy with the survey's override, if any).
 */
export async function decideWave(
  tx: Executor,
  p: WaveProgramme,
  waveKey: string,
  customerIds: string[],
  now: Date,
  opts: { lock: boolean },
): Promise<WaveDecision[]> {
  if (!customerIds.length) return [];
  const tenantId = p.tenant_id;
  const sampled = customerIds.filter((id) => sampledIn(p.id, `${waveKey}|${id}`, p.sample_percent));
  const profiles = new Map(
    (
      await rows<{ id: string; display_name: string | null; opted_out_at: Date | string | null }>(
        tx,
        opts.lock
          ? sql`SELECT id, display_name, opted_out_at FROM customers WHERE tenant_id = ${tenantId} AND id = ANY(${uuidArray(sampled)}::uuid[])
                ORDER BY id FOR UPDATE`
          : sql`SELECT id, display_name, opted_out_at FROM customers WHERE tenant_id = ${tenantId} AND id = ANY(${uuidArray(customerIds)}::uuid[])`,
      )
    ).map((r) => [r.id, r]),
  );
  if (opts.lock) {
    // Names of the members sampled out (not locked: nothing is written for them).
    const rest = customerIds.filter((id) => !profiles.has(id));
    for (const r of await rows<{ id: string; display_name: string | null; opted_out_at: Date | string | null }>(
      tx,
      sql`SELECT id, display_name, opted_out_at FROM customers WHERE tenant_id = ${tenantId} AND id = ANY(${uuidArray(rest)}::uuid[])`,
    ))
      profiles.set(r.id, r);
  }
  const members = new Map<string, string>();
  for (const r of await rows<{ customer_id: string; value: string }>(
    tx,
    sql`SELECT DISTINCT ON (customer_id) customer_id, value FROM customer_identities
        WHERE tenant_id = ${tenantId} AND kind = 'member' AND customer_id = ANY(${uuidArray(customerIds)}::uuid[])
        ORDER BY customer_id, created_at, value`,
  ))
    members.set(r.customer_id, r.value);

  const policy = effectivePolicy(
    await loadTenantPolicy(tx, tenantId),
    (await loadSurveyPolicies(tx, tenantId, [p.survey_id])).get(p.survey_id),
  );
  const windowDays = Math.max(policy.maxInvitations?.days ?? 0, policy.minDaysBetween ?? 0, p.cooldown_days);
  const counted = new Map<string, number[]>();
  const cooled = new Set<string>();
  if (windowDays > 0 && sampled.length) {
    const since = new Date(now.getTime() - windowDays * DAY).toISOString();
    const cooldownSince = now.getTime() - p.cooldown_days * DAY;
    for (const r of await rows<{ customer_id: string; created_at: Date | string; programme_id: string | null }>(
      tx,
      sql`SELECT customer_id, created_at, programme_id FROM invitations
          WHERE tenant_id = ${tenantId} AND customer_id = ANY(${uuidArray(sampled)}::uuid[]) AND status IN ${COUNTED_STATUSES}
            AND created_at > ${since}::timestamptz`,
    )) {
      const at = new Date(r.created_at).getTime();
      counted.set(r.customer_id, [...(counted.get(r.customer_id) ?? []), at]);
      if (p.cooldown_days > 0 && r.programme_id === p.id && at > cooldownSince) cooled.add(r.customer_id);
    }
  }
  const ticketOpen = new Set<string>();
  if (policy.suppressWhileTicketOpen && sampled.length) {
    const refs = sampled.map((id) => members.get(id)).filter((m): m is string => !!m);
    if (refs.length)
      for (const r of await rows<{ customer_ref: string }>(
        tx,
        sql`SELECT DISTINCT customer_ref FROM tickets WHERE tenant_id = ${tenantId} AND customer_ref = ANY(${textArray(refs)}::text[])
              AND status NOT IN ('resolved', 'closed')`,
      ))
        ticketOpen.add(r.customer_ref);
  }
  const sampledSet = new Set(sampled);
  const t = now.getTime();
  return customerIds
    .filter((id) => profiles.has(id))
    .map((id) => {
      const profile = profiles.get(id);
      const member = members.get(id) ?? null;
      const base = { customerId: id, name: profile?.display_name ?? null, member };
      if (!sampledSet.has(id)) return { ...base, sampled: false, reason: null };
      let reason: string | null = null;
      if (profile?.opted_out_at) reason = 'opted_out';
      else if (cooled.has(id)) reason = 'cooldown';
      else reason = policyVerdict(policy, t, counted.get(id) ?? [], member !== null && ticketOpen.has(member));
      return { ...base, sampled: true, reason };
    });
}
