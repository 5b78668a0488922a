import { Webhook, WebhookVerificationError } from 'standardwebhooks';
import type { AppContext } from '../../../platform/context.ts';
import { one, sql } from '../../../platform/db.ts';
import { AppError, notFound } from '../../../platform/errors.ts';
import { wakeWorkers } from '../../../platform/jobs.ts';
import { parseJsonField } from '../../../platform/json-guard.ts';
import { type MappedItem, mapItem, valueAt } from '../mapping.ts';
import { connectorById } from '../queries/get-connector.ts';
import { openInboundSecret } from '../secret.ts';
import { recordRun, storeConnectorItems } from './store-items.ts';

/** Items one inbound message may carry; a source with more sends several messages. */
export const MAX_INBOUND_ITEMS = 500;

export interface InboundResult {
  duplicate: boolean;
  received: number;
  stored: number;
  duplicates: number;
  rejected: number;
  errors: Array<{ index: number; reason: string }>;
}

/**
 * Accepts one message posted to a connector's inbound URL. The caller is authenticated by the Standard Webhooks
 * signature alone (`webhook-id`, `webhook-timestamp`, `webhook-signature` over the raw body with the connector's
 * secret), checked by the reference library, which also refuses timestamps more than five minutes away (the replay
 * window). Inside the window a replay of the same `webhook-id` stores nothing again: message ids are unique per
 * connector in the run history, and an item without a mapped external id gets the message id as its own.
 * An unknown, disabled or non-webhook connector and a wrong signature answer alike (404 / 401) without saying more.
 */
export async function receiveInbound(
  ctx: AppContext,
  connectorId: string,
  headers: Record<string, string | string[] | undefined>,
  raw: string,
): Promise<InboundResult> {
  const connector = await connectorById(ctx.db, connectorId);
  if (connector?.kind !== 'webhook' || !connector.enabled) throw notFound('Connector');
  const secret = openInboundSecret(ctx.config, connector.tenant_id, connector.secret_sealed);
  const header = (name: string) => {
    const v = headers[name];
    return Array.isArray(v) ? v[0] : v;
  };
  const messageId = header('webhook-id');
  const signed = {
    'webhook-id': messageId ?? '',
    'webhook-timestamp': header('webhook-timestamp') ?? '',
    'webhook-signature': header('webhook-signature') ?? '',
  };
  if (!secret || !messageId || messageId.length > 200) throw unauthenticated();
  try {
    new Webhook(secret).verify(raw, signed);
  } catch (err) {
    // The library parses the body after verifying it: a signed body that is not JSON is reported below, as a 422.
    if (err instanceof WebhookVerificationError || !(err instanceof SyntaxError)) throw unauthenticated();
  }

  const body = parseJsonField(raw, 'body');
  const list = connector.items_path ? valueAt(body, connector.items_path) : Array.isArray(body) ? body : [body];
  if (!Array.isArray(list))
    throw new AppError('invalid', `No item array at ${connector.items_path}`, {
      invalidParams: [{ name: connector.items_path ?? 'body', reason: 'not an array' }],
    });
  if (list.length > MAX_INBOUND_ITEMS)
    throw new AppError('payload_too_large', `At most ${MAX_INBOUND_ITEMS} items per message (got ${list.length})`);

  const errors: InboundResult['errors'] = [];
  const mapped: Array<{ index: number; item: MappedItem }> = [];
  list.forEach((raw, index) => {
    const m = mapItem(raw, connector.mapping);
    if ('reason' in m) errors.push({ index, reason: m.reason });
    else {
      if (!m.item.externalId) m.item.externalId = list.length === 1 ? messageId : `${messageId}#${index}`;
      mapped.push({ index, item: m.item });
    }
  });

  const startedAt = ctx.clock.now();
  const result = await ctx.db.transaction(async (tx): Promise<InboundResult> => {
    const seen = await one(
      tx,
      sql`SELECT 1 AS x FROM feedback_connector_runs WHERE tenant_id = ${connector.tenant_id} AND connector_id = ${connector.id} AND message_id = ${messageId}`,
    );
    if (seen) return { duplicate: true, received: list.length, stored: 0, duplicates: 0, rejected: 0, errors: [] };
    const out = await storeConnectorItems(tx, connector, mapped, startedAt);
    const allErrors = [...errors, ...out.errors].sort((a, b) => a.index - b.index);
    await recordRun(tx, connector, {
      trigger: 'inbound',
      status: allErrors.length && !out.stored && !out.duplicates ? 'error' : 'ok',
      messageId,
      startedAt,
      finishedAt: ctx.clock.now(),
      fetched: list.length,
      stored: out.stored,
      duplicates: out.duplicates,
      rejected: allErrors.length,
      error: allErrors.length
        ? allErrors
            .slice(0, 5)
            .map((e) => `#${e.index}: ${e.reason}`)
            .join('; ')
        : undefined,
    });
    return {
      duplicate: false,
      received: list.length,
      stored: out.stored,
      duplicates: out.duplicates,
      rejected: allErrors.length,
      errors: allErrors.slice(0, 100),
    };
  });
  if (result.stored) wakeWorkers(ctx);
  return result;
}

const unauthenticated = (reason?: string) =>
  new AppError('unauthenticated', `The webhook signature does not verify${reason ? ` (${reason})` : ''}`);
