import { createHash, randomUUID } from 'node:crypto';
import type { AppContext } from '../../platform/context.ts';
import type { InvalidParam } from '../../platform/errors.ts';
import type { Bindings } from '../surveys/compile.ts';
import { compiledVersion, tenantDay } from './survey-cache.ts';
import type { PreparedResponse } from './writer.ts';

/**
 * Stable JSON (sorted keys) so the same answers always hash the same, whatever the client's key order. `known`
 * holds canonical forms already computed for some objects (by identity), reused instead of serialised again.
 */
export function canonical(v: unknown, known?: Map<unknown, string>): string {
  const hit = known?.get(v);
  if (hit !== undefined) return hit;
  if (Array.isArray(v)) return `[${v.map((x) => canonical(x, known)).join(',')}]`;
  if (v && typeof v === 'object') return `{${Object.keys(v).sort().map((k) => `${JSON.stringify(k)}:${canonical((v as Record<string, unknown>)[k], known)}`).join(',')}}`;
  return JSON.stringify(v) ?? 'null';
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
export async function prepareResponse(ctx: AppContext, input: PrepareInput, prefix = ''): Promise<{ errors: InvalidParam[]; item?: PreparedResponse }> {
  const compiled = await compiledVersion(ctx, input.tenantId, input.version.id, input.version.definition);
  const { errors, answers } = compiled.validate(input.answers, input.context ?? {});
  if (errors.length) return { errors: errors.map((e) => ({ name: `${prefix}${e.name}`, reason: e.reason })) };
  const day = await tenantDay(ctx, input.tenantId);
  return {
    errors: [],
    item: {
      tenantId: input.tenantId,
      id: randomUUID(),
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
      context: input.context ?? null,
      idempotencyKey: input.idempotencyKey,
      bodyHash: createHash('sha256').update(canonical(input.hashOf)).digest('hex'),
      submittedAt: input.submittedAt.toISOString(),
      day: day(input.submittedAt),
    },
  };
}
