import { RACI_ROLES, type TRaci, type TTouchpointResponse } from '@loopcx/shared';
import type { Actor } from '../../../platform/auth.ts';
import { type Executor, one, rows, sql } from '../../../platform/db.ts';
import { notFound } from '../../../platform/errors.ts';

export interface TouchpointRow {
  id: string;
  journeyId: string | null;
  stageId: string | null;
  position: number;
  code: string;
  name: string;
  nameEn: string | null;
  description: string | null;
  channel: 'physical' | 'digital' | 'interpersonal';
  ownerTeamId: string | null;
  ownerTeamName: string | null;
  raci: Partial<TRaci>;
  primaryMetric: 'csat' | 'nps' | 'ces';
  target: number | null;
  status: 'active' | 'archived';
}

export interface Party {
  id: string;
  kind: 'team' | 'user';
  name: string;
}

/** A touchpoint as the API answers it (the journeys contract's shape). */
export type TouchpointView = TTouchpointResponse;

const TP_COLUMNS = sql`t.id, t.journey_id AS "journeyId", t.stage_id AS "stageId", t.position, t.code, t.name, t.name_en AS "nameEn", t.description, t.channel,
  t.owner_team_id AS "ownerTeamId", tm.name AS "ownerTeamName", t.raci, t.primary_metric AS "primaryMetric", t.target, t.status`;
const TP_FROM = sql`touchpoints t LEFT JOIN teams tm ON tm.tenant_id = t.tenant_id AND tm.id = t.owner_team_id`;

/** One touchpoint row of the actor's tenant; another tenant's id is a 404. */
export async function getTouchpointRow(
  ex: Executor,
  actor: Actor,
  id: string,
  opts: { forUpdate?: boolean } = {},
): Promise<TouchpointRow> {
  const t = await one<TouchpointRow>(
    ex,
    sql`SELECT ${TP_COLUMNS} FROM ${TP_FROM} WHERE t.tenant_id = ${actor.tenantId} AND t.id = ${id} ${opts.forUpdate ? sql`FOR UPDATE OF t` : sql``}`,
  );
  if (!t) throw notFound('Touchpoint');
  return t;
}

/**
 * Touchpoints with owner team, RACI parties (resolved to team or user names) and links, in three queries however
 * many touchpoints there are. Filter by journeys, by ids, or none (the whole tenant).
 */
export async function loadTouchpoints(
  ex: Executor,
  actor: Actor,
  filter: { journeyIds?: string[]; ids?: string[]; includeArchived?: boolean },
): Promise<TouchpointView[]> {
  const where = [sql`t.tenant_id = ${actor.tenantId}`];
  if (filter.journeyIds)
    where.push(
      sql`t.journey_id IN (SELECT jsonb_array_elements_text(${JSON.stringify(filter.journeyIds)}::jsonb)::uuid)`,
    );
  if (filter.ids)
    where.push(sql`t.id IN (SELECT jsonb_array_elements_text(${JSON.stringify(filter.ids)}::jsonb)::uuid)`);
  if (!filter.includeArchived) where.push(sql`t.status = 'active'`);
  if ((filter.journeyIds && !filter.journeyIds.length) || (filter.ids && !filter.ids.length)) return [];
  const list = await rows<TouchpointRow>(
    ex,
    sql`SELECT ${TP_COLUMNS} FROM ${TP_FROM} LEFT JOIN journey_stages s ON s.tenant_id = t.tenant_id AND s.id = t.stage_id
        WHERE ${sql.join(where, sql` AND `)} ORDER BY t.journey_id NULLS LAST, s.position NULLS LAST, t.position, t.code`,
  );
  if (!list.length) return [];
  const tpIds = JSON.stringify(list.map((t) => t.id));
  const links = await rows<{
    touchpointId: string;
    kind: 'survey' | 'metric' | 'event_type';
    ref: string;
    surveyName: string | null;
  }>(
    ex,
    sql`SELECT l.touchpoint_id AS "touchpointId", l.kind, l.ref, s.name AS "surveyName" FROM touchpoint_links l
        LEFT JOIN surveys s ON l.kind = 'survey' AND s.tenant_id = l.tenant_id AND s.id::text = l.ref
        WHERE l.tenant_id = ${actor.tenantId} AND l.touchpoint_id IN (SELECT jsonb_array_elements_text(${tpIds}::jsonb)::uuid)
        ORDER BY l.position, l.ref`,
  );
  const partyIds = [...new Set(list.flatMap((t) => RACI_ROLES.flatMap((r) => t.raci?.[r] ?? [])))];
  const parties = new Map((await resolveParties(ex, actor.tenantId, partyIds)).map((p) => [p.id, p]));
  return list.map(({ ownerTeamName, raci, ...t }) => {
    const mine = links.filter((l) => l.touchpointId === t.id);
    return {
      ...t,
      target: t.target === null ? null : Number(t.target),
      ownerTeam: t.ownerTeamId ? { id: t.ownerTeamId, name: ownerTeamName ?? '' } : null,
      raci: Object.fromEntries(
        RACI_ROLES.map((r) => [r, (raci?.[r] ?? []).map((id) => parties.get(id)).filter((p): p is Party => !!p)]),
      ) as TouchpointView['raci'],
      links: {
        surveys: mine.filter((l) => l.kind === 'survey').map((l) => ({ id: l.ref, name: l.surveyName ?? '' })),
        metrics: mine.filter((l) => l.kind === 'metric').map((l) => l.ref),
        eventTypes: mine.filter((l) => l.kind === 'event_type').map((l) => l.ref),
      },
    };
  });
}

/** Team or user ids → names, within the tenant (ids of other tenants resolve to nothing). */
export async function resolveParties(ex: Executor, tenantId: string, ids: string[]): Promise<Party[]> {
  if (!ids.length) return [];
  const list = JSON.stringify(ids);
  return rows<Party>(
    ex,
    sql`SELECT id, 'team' AS kind, name FROM teams WHERE tenant_id = ${tenantId} AND id IN (SELECT jsonb_array_elements_text(${list}::jsonb)::uuid)
        UNION ALL
        SELECT id, 'user' AS kind, name FROM users WHERE tenant_id = ${tenantId} AND id IN (SELECT jsonb_array_elements_text(${list}::jsonb)::uuid)`,
  );
}

export async function touchpointView(ex: Executor, actor: Actor, id: string): Promise<TouchpointView> {
  const [t] = await loadTouchpoints(ex, actor, { ids: [id], includeArchived: true });
  if (!t) throw notFound('Touchpoint');
  return t;
}
