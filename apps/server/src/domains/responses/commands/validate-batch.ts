import { z } from 'zod';
import type { Actor } from '../../../platform/auth.ts';
import type { AppContext } from '../../../platform/context.ts';
import { rows, sql } from '../../../platform/db.ts';
import { AppError, type InvalidParam } from '../../../platform/errors.ts';
import { ISO_DATETIME_RE, isPlainObject, UUID_RE } from '../../../platform/fast-checks.ts';
import { pathInScope } from '../../org/scope.ts';
import type { CompiledSurvey } from '../../surveys/compile.ts';
import { prepareWith } from '../prepare.ts';
import { compiledVersion, tenantDay } from '../survey-cache.ts';
import { findUnit, tenantUnits } from '../unit-cache.ts';
import type { PreparedResponse } from '../writer.ts';

/** An idempotency key: what a client retries a response with. */
export const ZKey = z
  .string()
  .trim()
  .min(8)
  .max(128)
  .regex(/^[\w.:@-]+$/, 'letters, digits and . _ : @ - only');
const _ZAnswers = z.record(z.string().max(200), z.unknown());

/** Answers by question name; the survey version's rules check them in depth. */
export const ZAnswers = z.record(z.string().max(200), z.unknown());

/** One item of a batch, as zod words its errors. */
export const ZBatchItem = z
  .object({
    surveyId: z.uuid(),
    answers: ZAnswers,
    orgUnitId: z.uuid().optional(),
    orgUnitCode: z.string().max(64).optional(),
    touchpointId: z.uuid().optional(),
    customer: z.union([z.string().max(200), z.object({ externalId: z.string().max(200) }).passthrough()]).optional(),
    submittedAt: z.iso.datetime({ offset: true }).optional(),
    idempotencyKey: ZKey,
    context: z.record(z.string(), z.unknown()).optional(),
    locale: z.string().max(20).optional(),
  })
  .strict();

const KEY = /^[\w.:@-]{8,128}$/;
const BATCH_FIELDS = new Set([
  'surveyId',
  'answers',
  'orgUnitId',
  'orgUnitCode',
  'touchpointId',
  'customer',
  'submittedAt',
  'idempotencyKey',
  'context',
  'locale',
]);

/**
 * The common batch item checked by hand (zod costs several microseconds per item at 1,000 items per request).
 * It only ever says "plainly valid"; anything unusual or invalid goes through ZBatchItem, which words the errors.
 */
function plainlyValid(o: unknown): o is z.infer<typeof ZBatchItem> {
  if (!isPlainObject(o)) return false;
  for (const k in o) if (!BATCH_FIELDS.has(k)) return false;
  if (typeof o.surveyId !== 'string' || !UUID_RE.test(o.surveyId)) return false;
  if (!isPlainObject(o.answers)) return false;
  for (const k in o.answers) if (k.length > 200) return false;
  if (o.orgUnitId !== undefined && (typeof o.orgUnitId !== 'string' || !UUID_RE.test(o.orgUnitId))) return false;
  if (o.orgUnitCode !== undefined && (typeof o.orgUnitCode !== 'string' || o.orgUnitCode.length > 64)) return false;
  if (o.touchpointId !== undefined && (typeof o.touchpointId !== 'string' || !UUID_RE.test(o.touchpointId)))
    return false;
  if (o.customer !== undefined && (typeof o.customer !== 'string' || o.customer.length > 200)) return false;
  if (
    o.submittedAt !== undefined &&
    (typeof o.submittedAt !== 'string' ||
      !ISO_DATETIME_RE.test(o.submittedAt) ||
      Number.isNaN(Date.parse(o.submittedAt)))
  )
    return false;
  if (typeof o.idempotencyKey !== 'string' || !KEY.test(o.idempotencyKey)) return false;
  if (o.context !== undefined && !isPlainObject(o.context)) return false;
  if (o.locale !== undefined && (typeof o.locale !== 'string' || o.locale.length > 20)) return false;
  return true;
}

/**
 * Validates a batch of raw items as one unit and prepares them for the writer: each item's shape, its survey
 * (the tenant's, live, paused or closed), its unit (in the caller's scope), its time (not in the future), its
 * answers (the survey version's rules) and its touchpoint (the tenant's). Any invalid item rejects the whole batch
 * with every problem named by position (422); nothing is written here.
 */
export async function validateBatch(ctx: AppContext, actor: Actor, raw: unknown[]): Promise<PreparedResponse[]> {
  const problems: InvalidParam[] = [];
  const parsed = raw.map((raw, i) => {
    if (plainlyValid(raw)) return raw;
    const p = ZBatchItem.safeParse(raw);
    if (!p.success)
      for (const issue of p.error.issues)
        problems.push({ name: ['responses', i, ...issue.path].join('.'), reason: issue.message });
    return p.success ? p.data : undefined;
  });
  const surveyIds = [...new Set(parsed.filter((p) => p).map((p) => p!.surveyId))];
  const surveys = new Map(
    (surveyIds.length
      ? await rows<{
          id: string;
          status: string;
          version_id: string | null;
          bindings: Record<string, unknown> | null;
        }>(
          ctx.db,
          sql`SELECT s.id, s.status, v.id AS version_id, v.bindings FROM surveys s
            LEFT JOIN survey_versions v ON v.tenant_id = s.tenant_id AND v.id = s.current_version_id
            WHERE s.tenant_id = ${actor.tenantId} AND s.id IN (${sql.join(
              surveyIds.map((id) => sql`${id}`),
              sql`, `,
            )})`,
        )
      : []
    ).map((s) => [s.id, s]),
  );
  const items: PreparedResponse[] = [];
  const now = ctx.clock.now();
  // Per-batch lookups, so the per-item work below is synchronous on the common path.
  const compiled = new Map<string, CompiledSurvey>();
  for (const s of surveys.values())
    if (s.version_id) compiled.set(s.version_id, await compiledVersion(ctx, actor.tenantId, s.version_id));
  const day = await tenantDay(ctx, actor.tenantId);
  const units = await tenantUnits(ctx, actor.tenantId);
  for (const [i, p] of parsed.entries()) {
    if (!p) continue;
    const at = `responses.${i}`;
    const s = surveys.get(p.surveyId);
    // Historical loads may target a closed survey; drafts and archived surveys take no responses.
    if (!s?.version_id || s.status === 'draft' || s.status === 'archived') {
      problems.push({ name: `${at}.surveyId`, reason: s ? `the survey is ${s.status}` : 'no such survey' });
      continue;
    }
    if (!p.orgUnitId && !p.orgUnitCode) {
      problems.push({ name: `${at}.orgUnitCode`, reason: 'give orgUnitCode or orgUnitId' });
      continue;
    }
    const unit =
      (p.orgUnitId ? units.byId.get(p.orgUnitId) : units.byCode.get(p.orgUnitCode!)) ??
      (await findUnit(ctx, actor.tenantId, { id: p.orgUnitId, code: p.orgUnitCode }));
    if (!unit || !pathInScope(actor, unit.path)) {
      problems.push({
        name: `${at}.${p.orgUnitId ? 'orgUnitId' : 'orgUnitCode'}`,
        reason: 'no such unit in your scope',
      });
      continue;
    }
    const submittedAt = p.submittedAt ? new Date(p.submittedAt) : now;
    if (submittedAt.getTime() > now.getTime() + 5 * 60_000) {
      problems.push({ name: `${at}.submittedAt`, reason: 'is in the future' });
      continue;
    }
    const customerRef = typeof p.customer === 'string' ? p.customer : (p.customer?.externalId ?? null);
    // Customer attributes given with the response (tier, tags…) are kept in its context so alert rules can
    // read them ({customer.tier} = 'gold'); contact details stay out of response rows.
    const {
      phone: _p,
      email: _e,
      ...customerAttrs
    } = typeof p.customer === 'object' ? (p.customer as Record<string, unknown>) : {};
    const context = Object.keys(customerAttrs).length
      ? { ...(p.context ?? {}), customer: customerAttrs }
      : (p.context ?? null);
    const { errors, item } = prepareWith(
      ctx,
      compiled.get(s.version_id)!,
      day,
      {
        tenantId: actor.tenantId,
        surveyId: p.surveyId,
        version: { id: s.version_id, bindings: s.bindings ?? {} },
        answers: p.answers,
        context,
        orgUnitId: unit.id,
        orgPath: unit.path,
        touchpointId: p.touchpointId ?? null,
        customerRef,
        channel: 'api',
        invitationId: null,
        locale: p.locale ?? null,
        idempotencyKey: p.idempotencyKey,
        submittedAt,
        hashOf: { ...p, submittedAt: p.submittedAt ?? null },
      },
      `${at}.`,
    );
    problems.push(...errors);
    if (item) items.push(item);
  }
  if (problems.length)
    throw new AppError(
      'invalid',
      `${new Set(problems.map((p) => p.name.split('.')[1])).size} of ${parsed.length} responses are invalid; nothing was stored`,
      { invalidParams: problems.slice(0, 1000) },
    );
  const touchpoints = [...new Set(items.map((it) => it.touchpointId).filter((x): x is string => !!x))];
  if (touchpoints.length) {
    const found = new Set(
      (
        await rows<{ id: string }>(
          ctx.db,
          sql`SELECT id FROM touchpoints WHERE tenant_id = ${actor.tenantId} AND id IN (${sql.join(
            touchpoints.map((id) => sql`${id}`),
            sql`, `,
          )})`,
        )
      ).map((t) => t.id),
    );
    const bad = items.findIndex((it) => it.touchpointId && !found.has(it.touchpointId));
    if (bad >= 0)
      throw new AppError('invalid', 'Unknown touchpoint', {
        invalidParams: [{ name: `responses.${bad}.touchpointId`, reason: 'no such touchpoint' }],
      });
  }
  return items;
}
