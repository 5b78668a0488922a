import { type Executor, rows, sql } from '../../../platform/db.ts';

/** What an alert email shows of a customer's past: their latest responses and tickets before this one. */
export interface CustomerHistory {
  responses: Array<{ at: string; survey: string; scores: Record<string, number> }>;
  tickets: Array<{ at: string; number: string; title: string; status: string }>;
}

const HISTORY = 5;

/**
 * The latest responses (by customer id) and tickets (by customer ref) of the customers behind `responseIds`, the
 * alerting response itself left out; one statement each for the whole batch. Keyed by response id.
 */
export async function customerHistory(
  ex: Executor,
  tenantId: string,
  items: Array<{ responseId: string; customerId: string | null; customerRef: string | null }>,
): Promise<Map<string, CustomerHistory>> {
  const out = new Map<string, CustomerHistory>();
  for (const i of items) out.set(i.responseId, { responses: [], tickets: [] });
  const withId = items.filter((i) => i.customerId);
  if (withId.length) {
    const found = await rows<{ for_id: string; at: Date | string; survey: string; scores: Record<string, number> }>(
      ex,
      sql`SELECT x.rid AS for_id, r.submitted_at AS at, s.name AS survey, r.scores
          FROM jsonb_to_recordset(${JSON.stringify(withId.map((i) => ({ rid: i.responseId, cid: i.customerId })))}::jsonb) AS x(rid uuid, cid uuid)
          CROSS JOIN LATERAL (
            SELECT r.survey_id, r.submitted_at, r.scores FROM responses r
            WHERE r.tenant_id = ${tenantId} AND r.customer_id = x.cid AND r.id <> x.rid
            ORDER BY r.submitted_at DESC LIMIT ${HISTORY}) r
          JOIN surveys s ON s.tenant_id = ${tenantId} AND s.id = r.survey_id
          ORDER BY x.rid, r.submitted_at DESC`,
    );
    for (const f of found)
      out.get(f.for_id)?.responses.push({ at: new Date(f.at).toISOString(), survey: f.survey, scores: f.scores ?? {} });
  }
  const withRef = items.filter((i) => i.customerRef);
  if (withRef.length) {
    const found = await rows<{ for_id: string; at: Date | string; number: string; title: string; status: string }>(
      ex,
      sql`SELECT x.rid AS for_id, t.created_at AS at, t.number::text AS number, t.title, t.status
          FROM jsonb_to_recordset(${JSON.stringify(withRef.map((i) => ({ rid: i.responseId, ref: i.customerRef })))}::jsonb) AS x(rid uuid, ref text)
          CROSS JOIN LATERAL (
            SELECT t.created_at, t.number, t.title, t.status FROM tickets t
            WHERE t.tenant_id = ${tenantId} AND t.customer_ref = x.ref AND (t.response_id IS NULL OR t.response_id <> x.rid)
            ORDER BY t.created_at DESC LIMIT ${HISTORY}) t
          ORDER BY x.rid, t.created_at DESC`,
    );
    for (const f of found)
      out
        .get(f.for_id)
        ?.tickets.push({ at: new Date(f.at).toISOString(), number: f.number, title: f.title, status: f.status });
  }
  return out;
}
