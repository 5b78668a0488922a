import type { Actor } from '../../../platform/auth.ts';
import type { AppContext } from '../../../platform/context.ts';
import { AppError } from '../../../platform/errors.ts';
import type { EventWriteResult } from '../writer.ts';
import { ingestEvents } from './ingest-events.ts';

/**
 * Records one event sent on its own (POST /events): the batch path with one item, whose field errors become the
 * request's problem — 409 when the idempotency key was used for another event, else 422 naming each field.
 */
export async function recordEvent(
  ctx: AppContext,
  actor: Actor,
  body: unknown,
): Promise<Exclude<EventWriteResult, { status: 'invalid' }>> {
  if (!body || typeof body !== 'object' || Array.isArray(body))
    throw new AppError('invalid', 'Send one event as a JSON object', {
      invalidParams: [{ name: 'body', reason: 'must be an object' }],
    });
  const [result] = await ingestEvents(ctx, actor, [body], { prefix: '', source: 'api' });
  if (result.status === 'invalid') {
    const errors = result.errors.map((e) => ({ ...e, name: e.name.replace(/^\.0\./, '') }));
    throw new AppError(
      errors.some((e) => e.reason.startsWith('already used')) ? 'conflict' : 'invalid',
      errors.map((e) => `${e.name}: ${e.reason}`).join('; '),
      { invalidParams: errors },
    );
  }
  return result;
}
