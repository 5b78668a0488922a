import { type Executor, rows, sql } from '../../../platform/db.ts';
import { uuidv7 } from '../../../platform/ids.ts';
import { type FeedbackInsert, insertFeedback } from '../../feedback/commands/create-feedback.ts';
import { pathUnder } from '../../org/scope.ts';
import type { MappedItem } from '../mapping.ts';
import type { ConnectorRow } from '../queries/get-connector.ts';

export interface StoreOutcome {
  stored: number;
  duplicates: number;
  rejected: number;
  errors: Array<{ index: number; reason: string }>;
  ids: string[];
}

/**
 * Stores mapped items as feedback of the connector's source, in the caller's transaction. An item lands at the
 * unit its `orgUnitCode` names when that unit lies inside the connector's own unit (else the item is rejected: a
 * source cannot file items outside the branch that owns the connector), or at the connector's unit. De-duplicated
 * by (source, external id) like every feedback item; `duplicates` counts the items already stored.
 */
export async function storeConnectorItems(
  tx: Executor,
  connector: ConnectorRow,
  items: Array<{ index: number; item: MappedItem }>,
  now: Date,
): Promise<StoreOutcome> {
  const errors: StoreOutcome['errors'] = [];
  const codes = [...new Set(items.map((i) => i.item.orgUnitCode).filter((c): c is string => !!c))];
  const unitByCode = new Map<string, string>();
  if (codes.length) {
    for (const u of await rows<{ id: string; code: string }>(
      tx,
      sql`SELECT id, code FROM org_units o WHERE o.tenant_id = ${connector.tenant_id} AND ${pathUnder('o', connector.unit_path)}
          AND lower(o.code) IN (SELECT lower(x) FROM jsonb_array_elements_text(${JSON.stringify(codes)}::jsonb) x)`,
    ))
      unitByCode.set(u.code.toLowerCase(), u.id);
  }
  const inserts: FeedbackInsert[] = [];
  const seen = new Set<string>();
  let duplicates = 0;
  for (const { index, item } of items) {
    let unit = connector.org_unit_id;
    if (item.orgUnitCode) {
      const found = unitByCode.get(item.orgUnitCode.toLowerCase());
      if (!found) {
        errors.push({ index, reason: `unit ${item.orgUnitCode} is not under the connector's unit` });
        continue;
      }
      unit = found;
    }
    if (item.externalId) {
      // The same id twice in one batch is one item (a feed that repeats an entry across pages).
      if (seen.has(item.externalId)) {
        duplicates++;
        continue;
      }
      seen.add(item.externalId);
    }
    inserts.push({
      source: connector.source,
      channel: item.channel ?? connector.channel ?? undefined,
      text: item.text!,
      externalId: item.externalId,
      author: item.author,
      rating: item.rating,
      url: item.url,
      customerRef: item.customerRef,
      orgUnitId: unit,
      occurredAt: item.occurredAt ?? now.toISOString(),
    });
  }
  const ids = await insertFeedback(tx, connector.tenant_id, null, inserts);
  if (ids.length) {
    await tx.execute(
      sql`UPDATE feedback_items SET connector_id = ${connector.id}
          WHERE tenant_id = ${connector.tenant_id} AND id IN (SELECT x::uuid FROM jsonb_array_elements_text(${JSON.stringify(ids)}::jsonb) x)`,
    );
  }
  duplicates += inserts.length - ids.length;
  return { stored: ids.length, duplicates, rejected: errors.length, errors, ids };
}

/** Writes one run row (a poll or an accepted inbound message) and the connector's last status. */
export async function recordRun(
  tx: Executor,
  connector: ConnectorRow,
  run: {
    trigger: 'schedule' | 'manual' | 'inbound';
    status: 'ok' | 'error';
    messageId?: string;
    startedAt: Date;
    finishedAt: Date;
    fetched?: number;
    stored?: number;
    duplicates?: number;
    rejected?: number;
    cursorBefore?: string | null;
    cursorAfter?: string | null;
    error?: string;
  },
): Promise<string> {
  const id = uuidv7(run.startedAt.getTime());
  await tx.execute(
    sql`INSERT INTO feedback_connector_runs (tenant_id, id, connector_id, trigger, status, message_id, started_at, finished_at, fetched, stored, duplicates, rejected, cursor_before, cursor_after, error)
        VALUES (${connector.tenant_id}, ${id}, ${connector.id}, ${run.trigger}, ${run.status}, ${run.messageId ?? null}, ${run.startedAt.toISOString()}, ${run.finishedAt.toISOString()},
                ${run.fetched ?? 0}, ${run.stored ?? 0}, ${run.duplicates ?? 0}, ${run.rejected ?? 0}, ${run.cursorBefore ?? null}, ${run.cursorAfter ?? null}, ${run.error?.slice(0, 1000) ?? null})`,
  );
  await tx.execute(
    sql`UPDATE feedback_connectors SET last_run_at = ${run.finishedAt.toISOString()}, last_status = ${run.status}
        WHERE tenant_id = ${connector.tenant_id} AND id = ${connector.id}`,
  );
  return id;
}
