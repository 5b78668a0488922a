import { randomUUID } from 'node:crypto';
import { RACI_ROLES, type TRaci, type TTouchpointCreate, type TTouchpointUpdate } from '@loopcx/shared';
import { audit } from '../../../platform/audit.ts';
import type { Actor } from '../../../platform/auth.ts';
import type { Clock } from '../../../platform/clock.ts';
import { type Executor, one, rows, sql } from '../../../platform/db.ts';
import { AppError, type InvalidParam } from '../../../platform/errors.ts';
import { allEventTypes } from '../../events/queries/event-types.ts';
import { listMetricDefinitions } from '../../metrics/definitions.ts';
import { getTouchpointRow, resolveParties } from '../queries/get-touchpoint.ts';
import { touchJourney } from './save-journey.ts';

type Links = { surveys: string[]; metrics: string[]; eventTypes: string[] };

/**
 * Checks every id a touchpoint refers to against the tenant and reports all bad ones at once, each named by
 * its field (`raci.accountable.1`, `links.surveys.0`), so the editor can mark them. Another tenant's team, user
 * or survey is "unknown" here exactly like a made-up id.
 */
async function validateRefs(
  tx: Executor,
  actor: Actor,
  input: { stageId?: string | null; ownerTeamId?: string | null; raci?: Partial<TRaci>; links?: Partial<Links> },
) {
  const bad: InvalidParam[] = [];
  let journeyId: string | null | undefined;
  if (input.stageId !== undefined) {
    if (input.stageId === null) journeyId = null;
    else {
      const s = await one<{ journeyId: string }>(
        tx,
        sql`SELECT journey_id AS "journeyId" FROM journey_stages WHERE tenant_id = ${actor.tenantId} AND id = ${input.stageId}`,
      );
      if (!s) bad.push({ name: 'stageId', reason: 'no such stage' });
      else journeyId = s.journeyId;
    }
  }
  if (input.ownerTeamId) {
    const t = await one(tx, sql`SELECT 1 FROM teams WHERE tenant_id = ${actor.tenantId} AND id = ${input.ownerTeamId}`);
    if (!t) bad.push({ name: 'ownerTeamId', reason: 'no such team' });
  }
  if (input.raci) {
    const ids = RACI_ROLES.flatMap((r) => input.raci?.[r] ?? []);
    const known = new Set((await resolveParties(tx, actor.tenantId, [...new Set(ids)])).map((p) => p.id));
    for (const r of RACI_ROLES) {
      const list = input.raci[r] ?? [];
      list.forEach((id, i) => {
        if (!known.has(id)) bad.push({ name: `raci.${r}.${i}`, reason: 'not a team or user of this tenant' });
        else if (list.indexOf(id) !== i) bad.push({ name: `raci.${r}.${i}`, reason: 'listed twice' });
      });
    }
    if ((input.raci.accountable?.length ?? 0) > 1)
      bad.push({ name: 'raci.accountable', reason: 'one party is accountable' });
  }
  if (input.links?.surveys?.length) {
    const found = new Set(
      (
        await rows<{ id: string }>(
          tx,
          sql`SELECT id FROM surveys WHERE tenant_id = ${actor.tenantId} AND id IN (SELECT jsonb_array_elements_text(${JSON.stringify(input.links.surveys)}::jsonb)::uuid)`,
        )
      ).map((s) => s.id),
    );
    input.links.surveys.forEach((id, i) => {
      if (!found.has(id)) bad.push({ name: `links.surveys.${i}`, reason: 'no such survey' });
    });
  }
  // Metric links name built-in metrics (rating:<question> for any rating) or the tenant's own; event type links the
  // built-in or the tenant's event types.
  if (input.links?.metrics?.length) {
    const known = new Set((await listMetricDefinitions(tx, actor.tenantId)).map((m) => m.key));
    input.links.metrics.forEach((key, i) => {
      if (!known.has(key) && !key.startsWith('rating:'))
        bad.push({ name: `links.metrics.${i}`, reason: 'no such metric' });
    });
  }
  if (input.links?.eventTypes?.length) {
    const known = new Set((await allEventTypes(tx, actor.tenantId)).map((e) => e.key));
    input.links.eventTypes.forEach((key, i) => {
      if (!known.has(key)) bad.push({ name: `links.eventTypes.${i}`, reason: 'no such event type' });
    });
  }
  for (const [field, list] of [
    ['metrics', input.links?.metrics],
    ['eventTypes', input.links?.eventTypes],
  ] as const) {
    list?.forEach((v, i) => {
      if (list.indexOf(v) !== i) bad.push({ name: `links.${field}.${i}`, reason: 'listed twice' });
    });
  }
  input.links?.surveys?.forEach((v, i, list) => {
    if (list.indexOf(v) !== i) bad.push({ name: `links.surveys.${i}`, reason: 'listed twice' });
  });
  if (bad.length)
    throw new AppError('invalid', bad.map((b) => `${b.name}: ${b.reason}`).join('; '), { invalidParams: bad });
  return { journeyId };
}

async function writeLinks(tx: Executor, tenantId: string, touchpointId: string, links: Partial<Links>) {
  const kinds: Array<[keyof Links, string]> = [
    ['surveys', 'survey'],
    ['metrics', 'metric'],
    ['eventTypes', 'event_type'],
  ];
  for (const [field, kind] of kinds) {
    const list = links[field];
    if (list === undefined) continue;
    await tx.execute(
      sql`DELETE FROM touchpoint_links WHERE tenant_id = ${tenantId} AND touchpoint_id = ${touchpointId} AND kind = ${kind}`,
    );
    if (list.length) {
      await tx.execute(
        sql`INSERT INTO touchpoint_links (tenant_id, touchpoint_id, kind, ref, position)
            SELECT ${tenantId}, ${touchpointId}, ${kind}, x.ref, x.ord - 1 FROM jsonb_array_elements_text(${JSON.stringify(list)}::jsonb) WITH ORDINALITY AS x(ref, ord)`,
      );
    }
  }
}

const fullRaci = (r: Partial<TRaci> | undefined) => Object.fromEntries(RACI_ROLES.map((k) => [k, r?.[k] ?? []]));

async function nextPosition(tx: Executor, tenantId: string, stageId: string | null) {
  if (!stageId) return 0;
  return Number(
    (
      await one<{ p: number }>(
        tx,
        sql`SELECT coalesce(max(position) + 1, 0)::int AS p FROM touchpoints WHERE tenant_id = ${tenantId} AND stage_id = ${stageId}`,
      )
    )?.p ?? 0,
  );
}

export async function createTouchpoint(
  tx: Executor,
  clock: Clock,
  actor: Actor,
  input: TTouchpointCreate,
): Promise<string> {
  const { journeyId } = await validateRefs(tx, actor, input);
  const id = randomUUID();
  const stageId = input.stageId ?? null;
  const position = input.position ?? (await nextPosition(tx, actor.tenantId, stageId));
  const now = clock.now().toISOString();
  await tx.execute(
    sql`INSERT INTO touchpoints (tenant_id, id, journey_id, stage_id, position, code, name, name_en, description, channel, owner_team_id, raci, primary_metric, target, created_at, updated_at)
        VALUES (${actor.tenantId}, ${id}, ${journeyId ?? null}, ${stageId}, ${position}, ${input.code}, ${input.name}, ${input.nameEn ?? null}, ${input.description ?? null},
                ${input.channel}, ${input.ownerTeamId ?? null}, ${JSON.stringify(fullRaci(input.raci))}::jsonb, ${input.primaryMetric ?? 'csat'}, ${input.target ?? null}, ${now}, ${now})`,
  );
  if (input.links) await writeLinks(tx, actor.tenantId, id, input.links);
  await touchJourney(tx, clock, actor.tenantId, journeyId ?? null);
  await audit(tx, actor, 'touchpoint.created', 'touchpoint', id, { code: input.code, stageId });
  return id;
}

/**
 * Updates a touchpoint; a new `stageId` moves it (to another stage or journey, appended unless `position` is given),
 * `stageId: null` takes it out of any journey. Archiving keeps it (responses and tickets refer to it).
 */
export async function updateTouchpoint(
  tx: Executor,
  clock: Clock,
  actor: Actor,
  id: string,
  input: TTouchpointUpdate,
): Promise<void> {
  const t = await getTouchpointRow(tx, actor, id, { forUpdate: true });
  const { journeyId } = await validateRefs(tx, actor, input);
  const moved = input.stageId !== undefined && input.stageId !== t.stageId;
  const stageId = input.stageId === undefined ? t.stageId : input.stageId;
  const position = input.position ?? (moved ? await nextPosition(tx, actor.tenantId, stageId) : t.position);
  const pick = <K extends keyof TTouchpointUpdate & keyof typeof t>(k: K) => (input[k] === undefined ? t[k] : input[k]);
  await tx.execute(
    sql`UPDATE touchpoints SET stage_id = ${stageId}, journey_id = ${journeyId === undefined ? t.journeyId : journeyId}, position = ${position},
          code = ${pick('code')}, name = ${pick('name')}, name_en = ${pick('nameEn')}, description = ${pick('description')}, channel = ${pick('channel')},
          owner_team_id = ${pick('ownerTeamId')}, raci = ${JSON.stringify(input.raci ? fullRaci(input.raci) : fullRaci(t.raci))}::jsonb,
          primary_metric = ${pick('primaryMetric')}, target = ${pick('target')}, status = ${pick('status')}, updated_at = ${clock.now().toISOString()}
        WHERE tenant_id = ${actor.tenantId} AND id = ${id}`,
  );
  if (input.links) await writeLinks(tx, actor.tenantId, id, input.links);
  await touchJourney(tx, clock, actor.tenantId, t.journeyId);
  if (moved) await touchJourney(tx, clock, actor.tenantId, journeyId ?? null);
  await audit(
    tx,
    actor,
    moved ? 'touchpoint.moved' : input.status === 'archived' ? 'touchpoint.archived' : 'touchpoint.updated',
    'touchpoint',
    id,
    input,
  );
}
