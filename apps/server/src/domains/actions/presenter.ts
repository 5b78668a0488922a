import type { TActionResponse } from '@loopcx/shared';

/** An `improvement_actions` row. */
export interface ActionRow {
  id: string;
  title: string;
  description: string | null;
  owner_id: string | null;
  root_cause_id: string | null;
  ticket_ids: string[];
  org_unit_ids: string[];
  metric: string;
  start_date: string | Date;
  status: string;
  created_at: string | Date;
}

/** A date column as YYYY-MM-DD, whichever way the driver returned it. */
export const dateOnly = (d: string | Date) =>
  d instanceof Date ? d.toISOString().slice(0, 10) : String(d).slice(0, 10);

/** An action as the API answers it. */
export const presentAction = (a: ActionRow): TActionResponse => ({
  id: a.id,
  title: a.title,
  description: a.description,
  ownerId: a.owner_id,
  rootCauseId: a.root_cause_id,
  ticketIds: a.ticket_ids,
  orgUnitIds: a.org_unit_ids,
  metric: a.metric,
  startDate: dateOnly(a.start_date),
  status: a.status,
  createdAt: new Date(a.created_at).toISOString(),
});
