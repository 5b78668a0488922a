import { createHash } from 'node:crypto';
import type { AppContext } from '../../platform/context.ts';
import type { InvalidParam } from '../../platform/errors.ts';
import { uuidv7 } from '../../platform/ids.ts';
import type { Bindings, CompiledSurvey } from '../surveys/compile.ts';
import { protectContactPhones } from './contact.ts';
import { compiledVersion, tenantDay } from './survey-cache.ts';
import type { PreparedResponse } from './writer.ts';

/**
 * Stable JSON (sorted keys) so the same answers always hash the same, whatever the client's key order. `known`
 * holds canonical forms already computed for some objects (by identity), reused instead of serialised again.
 */
export function canonical(v: unknown, known?: Map<unknown, string>): string {
  if (known) {
    const hit = known.get(v);
    if (hit !== undefined) return hit;
  }
  if (v === null || typeof v !== 'object') return JSON.stringify(v) ?? 'null';
  // Plain loops: this runs for every ingested item, and map/join allocated an array per level.
  if (Array.isArray(v)) {
    let s = '[';
    for (let i = 0; i < v.length; i++) s += (i ? ',' : '') + canonical(v[i], known);
    return `${s}]`;
  }
  const o = v as Record<string, unknown>;
  const keys = Object.keys(o).sort();
  let s = '{';
  for (let i = 0; i < keys.length; i++)
    s += `${i ? ',' : ''}${JSON.stringify(keys[i])}:${canonical(o[keys[i]], known)}`;
  return `${s}}`;
}

export interface PrepareInput {
  tenantId: string;
  surveyId: string;
  version: { id: string; definition?: Record<string, unknown>; bindings: Record<string, unknown> };
  answers: unknown;
  context?: Record<string, unknown> | null;
  orgUnitId: string | null;
  orgPath: string | null;
  touchpointId: string | null;
  customerRef: string | null;
  channel: string;
  invitationId: string | null;
  locale: string | null;
  idempotencyKey: string;
  submittedAt: Date;
  /** What identifies the submission for the replay check (answers + where it came from). */
  hashOf: unknown;
}

/** Validates against the compiled survey version and builds the row; field errors are prefixed with `prefix`. */
export async function prepareResponse(
  ctx: AppContext,
  input: PrepareInput,
  prefix = '',
): Promise<{ errors: InvalidParam[]; item?: PreparedResponse }> {
  const compiled = await compiledVersion(ctx, input.tenantId, input.version.id, input.version.definition);
  return prepareWith(ctx, compiled, await tenantDay(ctx, input.tenantId), input, prefix);
}

/**
 * `prepareResponse` with the compiled survey and the tenant's day function already in hand: synchronous, so a
 * batch of thousands of items does not pay two awaits per item.
 */
export function prepareWith(
  ctx: AppContext,
  compiled: CompiledSurvey,
  day: (d: Date) => string,
  input: PrepareInput,
  prefix = '',
): { errors: InvalidParam[]; item?: PreparedResponse } {
  const validated = compiled.validate(input.answers, input.context ?? {});
  let { errors, answers } = validated;
  let context = input.context ?? null;
  // `context.contact` is written here only: a context given by an integrator cannot pose as a respondent's phone.
  if (context?.contact !== undefined) {
    const { contact: _, ...rest } = context;
    context = rest;
  }
  // Call-back phones are masked and sealed before anything is stored (contact.ts); most surveys have none.
  if (!errors.length && compiled.contactPhones.length)
    ({ errors, answers, context } = protectContactPhones(
      ctx.config.secret,
      input.tenantId,
      compiled.contactPhones,
      answers,
      context,
    ));
  if (errors.length) return { errors: errors.map((e) => ({ ...e, name: `${prefix}${e.name}` })) };
  return {
    errors: [],
    item: {
      tenantId: input.tenantId,
      // Time-ordered ids: a flush's rows append to the primary key index.
      id: uuidv7(ctx.clock.now().getTime()),
      surveyId: input.surveyId,
      versionId: input.version.id,
      orgUnitId: input.orgUnitId,
      orgPath: input.orgPath,
      touchpointId: input.touchpointId,
      customerRef: input.customerRef,
      channel: input.channel,
      invitationId: input.invitationId,
      locale: input.locale,
      answers,
      scores: compiled.scores(answers, input.version.bindings as Bindings),
      context,
      idempotencyKey: input.idempotencyKey,
      bodyHash: createHash('sha256').update(canonical(input.hashOf)).digest('hex'),
      submittedAt: input.submittedAt.toISOString(),
      day: day(input.submittedAt),
    },
  };
}
