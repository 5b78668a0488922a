import { createHash } from 'node:crypto';
import type { TInterceptShowResponse } from '@loopcx/shared';
import { z } from 'zod';
import type { AppContext } from '../../../platform/context.ts';
import { one, rows, sql } from '../../../platform/db.ts';
import { AppError, type InvalidParam } from '../../../platform/errors.ts';
import { uuidv7 } from '../../../platform/ids.ts';
import { countUnits } from '../../../platform/rate-limit.ts';
import { inTransaction } from '../../../platform/routing.ts';
import { ensureMemberProfiles } from '../../customers/commands/resolve-customers.ts';
import {
  COUNTED_STATUSES,
  effectivePolicy,
  loadSurveyPolicies,
  loadTenantPolicy,
  policyVerdict,
} from '../../reach/policy.ts';
import type { PublicKey } from '../../sdk-keys/admit.ts';
import { customerErrors, sdkCustomerRef, ZAnonymousId, ZSdkCustomer } from '../../sdk-keys/customer.ts';
import { signSurveyToken } from '../../surveys/tokens.ts';

/** The show call's body bound (a visitor id, who they are, the page): 8 KB is generous. */
export const MAX_SHOW_BODY = 8 * 1024;
/** How long an intercept's survey link stays good: the visitor answers it now or not at all. */
const LINK_HOURS = 24;
/** With "once per 0 days" the intercept may show again next session; a session ends after 30 minutes without events. */
const SESSION_MS = 30 * 60_000;
const DAY = 86_400_000;

export const ZShowBody = z
  .object({
    anonymousId: ZAnonymousId,
    customer: ZSdkCustomer.optional(),
    context: z
      .object({ url: z.string().max(2000).optional(), locale: z.string().max(35).optional() })
      .strict()
      .optional(),
  })
  .strict();

/**
 * Whether a visitor is in an intercept's sample: a hash of intercept and visitor, so a visitor is in or out for good
 * (asking again, on another page or another day, gets the same answer) and the sample is uniform across visitors.
 */
export function visitorSampledIn(interceptId: string, anonymousId: string, percent: number): boolean {
  if (percent >= 100) return true;
  if (percent <= 0) return false;
  const h = createHash('sha256').update(`${interceptId}|${anonymousId}`).digest().readUInt32BE(0);
  return (h / 0x1_0000_0000) * 100 < percent;
}

const pathName = (path: Array<PropertyKey>) =>
  path.reduce<string>((s, p) => (typeof p === 'number' ? `${s}[${p}]` : s ? `${s}.${String(p)}` : String(p)), '');

interface Intercept {
  id: string;
  survey_id: string;
  enabled: boolean;
  key_ids: string[];
  sample_percent: number;
  once_per_days: number;
  survey_status: string;
  definition: { locale?: string } | null;
}

/**
 * The server's word on showing an intercept to a visitor whose browser's rules said "show" (contract 2): the
 * intercept must be live for this key, the visitor in its sample, not shown the intercept within its once-per-days
 * window (as this visitor or as the identified customer), and an identified customer neither opted out nor over the
 * tenant's contact policy (with the survey's override). A yes is recorded as a sent invitation (no channel) so the
 * contact policy counts it beside every other channel, and answered with the survey's signed link for the frame.
 * CORRECT UNDER CONCURRENCY: the visitor (an advisory lock on tenant, intercept and visitor) and the customer
 * (`FOR UPDATE` on the profile) are locked before their invitations are read, so two calls at once decide one after
 * the other and the second sees the first's invitation.
 */
export async function showIntercept(
  ctx: AppContext,
  key: PublicKey,
  interceptId: string,
  raw: unknown,
): Promise<TInterceptShowResponse> {
  const parsed = ZShowBody.safeParse(raw);
  const errors: InvalidParam[] = parsed.success
    ? customerErrors(ctx, key.tenantId, parsed.data.customer)
    : parsed.error.issues.map((i) => ({ name: pathName(i.path) || 'body', reason: i.message }));
  if (!parsed.success || errors.length)
    throw new AppError('invalid', `${errors[0].name}: ${errors[0].reason}`, { invalidParams: errors.slice(0, 50) });
  const body = parsed.data;

  if (ctx.config.sdkKeyRate) {
    const budget = await countUnits(ctx, `sdk:${key.id}`, 1, ctx.config.sdkKeyRate);
    if (!budget.allowed) {
      const retryAfter = Math.max(1, Math.ceil(budget.ttl / 1000));
      throw new AppError('rate_limited', `Too many requests with this SDK key; retry in ${retryAfter} s`, {
        extra: { retryAfter },
      });
    }
  }

  // An intercept id alone is not a tenant boundary: it is looked up within the key's tenant (404 otherwise).
  const it = await one<Intercept>(
    ctx.db,
    sql`SELECT i.id, i.survey_id, i.enabled, i.key_ids, i.sample_percent, i.once_per_days, s.status AS survey_status,
          v.definition
        FROM sdk_intercepts i JOIN surveys s ON s.tenant_id = i.tenant_id AND s.id = i.survey_id
        LEFT JOIN survey_versions v ON v.tenant_id = s.tenant_id AND v.id = s.current_version_id
        WHERE i.tenant_id = ${key.tenantId} AND i.id = ${interceptId}`,
  );
  if (!it) throw new AppError('not_found', 'Intercept not found');
  if (
    !it.enabled ||
    it.survey_status !== 'live' ||
    !it.definition ||
    (it.key_ids.length && !it.key_ids.includes(key.id))
  )
    return { show: false, reason: 'inactive' };
  if (!visitorSampledIn(it.id, body.anonymousId, it.sample_percent)) return { show: false, reason: 'sampled_out' };

  const who = await sdkCustomerRef(ctx, key.tenantId, body.customer);
  const now = ctx.clock.now();
  const t = now.getTime();
  const decided = await inTransaction(ctx, async (tx) => {
    let customerId = who.customerId ?? null;
    if (who.memberRef) {
      await ensureMemberProfiles(tx, key.tenantId, [who.memberRef], now);
      customerId =
        (
          await one<{ customer_id: string }>(
            tx,
            sql`SELECT customer_id FROM customer_identities
                WHERE tenant_id = ${key.tenantId} AND kind = 'member' AND value = ${who.memberRef}`,
          )
        )?.customer_id ?? null;
    }
    await tx.execute(
      sql`SELECT pg_advisory_xact_lock(hashtextextended(${`intercept|${key.tenantId}|${it.id}|${body.anonymousId}`}, 0))`,
    );
    const customer = customerId
      ? await one<{ opted_out_at: Date | string | null }>(
          tx,
          sql`SELECT opted_out_at FROM customers WHERE tenant_id = ${key.tenantId} AND id = ${customerId} FOR UPDATE`,
        )
      : undefined;
    if (customer?.opted_out_at) return { show: false as const, reason: 'opted_out' as const };

    const window = it.once_per_days > 0 ? it.once_per_days * DAY : SESSION_MS;
    const seen = await one(
      tx,
      sql`SELECT 1 AS x FROM invitations
          WHERE tenant_id = ${key.tenantId} AND intercept_id = ${it.id}
            AND created_at > ${new Date(t - window).toISOString()}::timestamptz
            AND (anonymous_id = ${body.anonymousId} ${customerId ? sql`OR customer_id = ${customerId}` : sql``})
          LIMIT 1`,
    );
    if (seen) return { show: false as const, reason: 'once_per_days' as const };

    if (customerId && customer) {
      const policy = effectivePolicy(
        await loadTenantPolicy(tx, key.tenantId),
        (await loadSurveyPolicies(tx, key.tenantId, [it.survey_id])).get(it.survey_id),
      );
      const windowDays = Math.max(policy.maxInvitations?.days ?? 0, policy.minDaysBetween ?? 0);
      const counted = windowDays
        ? (
            await rows<{ created_at: Date | string }>(
              tx,
              sql`SELECT created_at FROM invitations
                  WHERE tenant_id = ${key.tenantId} AND customer_id = ${customerId} AND status IN ${COUNTED_STATUSES}
                    AND created_at > ${new Date(t - windowDays * DAY).toISOString()}::timestamptz`,
            )
          ).map((r) => new Date(r.created_at).getTime())
        : [];
      const ticketOpen =
        policy.suppressWhileTicketOpen && who.memberRef
          ? !!(await one(
              tx,
              sql`SELECT 1 AS x FROM tickets WHERE tenant_id = ${key.tenantId} AND customer_ref = ${who.memberRef}
                    AND status NOT IN ('resolved', 'closed') LIMIT 1`,
            ))
          : false;
      if (policyVerdict(policy, t, counted, ticketOpen))
        return { show: false as const, reason: 'contact_policy' as const };
    }

    const id = uuidv7(t);
    const expiresAt = new Date(t + LINK_HOURS * 3600_000);
    const context: Record<string, string> = { source: 'intercept' };
    if (body.context?.url) context.pageUrl = body.context.url;
    await tx.execute(
      sql`INSERT INTO invitations (tenant_id, id, survey_id, org_unit_id, touchpoint_id, customer, context, expires_at,
            customer_id, intercept_id, anonymous_id, sdk_key_id, status, sent_at, sends, attempts, created_at)
          VALUES (${key.tenantId}, ${id}, ${it.survey_id}, ${key.orgUnitId}, ${key.touchpointId},
            ${who.memberRef ? JSON.stringify({ externalId: who.memberRef }) : null}::jsonb, ${JSON.stringify(context)}::jsonb,
            ${expiresAt.toISOString()}::timestamptz, ${customerId}, ${it.id}, ${body.anonymousId}, ${key.id}, 'sent',
            ${now.toISOString()}::timestamptz, 1, 1, ${now.toISOString()}::timestamptz)`,
    );
    return { show: true as const, id, expiresAt };
  });
  if (!decided.show) return decided;
  const token = signSurveyToken(ctx.config.secret, {
    tenantId: key.tenantId,
    surveyId: it.survey_id,
    invitationId: decided.id,
    expiresAt: decided.expiresAt,
  });
  const lang = (body.context?.locale ?? it.definition?.locale ?? 'zh-CN').toLowerCase().startsWith('en')
    ? 'en'
    : 'zh-CN';
  return {
    show: true,
    url: `${ctx.config.publicUrl.replace(/\/+$/, '')}/s/${token}?embed=1&lang=${lang}`,
    invitationId: decided.id,
  };
}
