import { randomUUID } from 'node:crypto';
import type { TChecklistItem, TChecklistItemInput } from '@loopcx/shared';
import { audit } from '../../../platform/audit.ts';
import type { Actor } from '../../../platform/auth.ts';
import { one, sql, type Tx } from '../../../platform/db.ts';
import { invalid, notFound } from '../../../platform/errors.ts';
import { assertItemNodes } from '../../blueprints/queries/item-nodes.ts';

/** The stored form of written items: every field present (null where not given), defaults applied. */
const normalise = (items: TChecklistItemInput[]): TChecklistItem[] =>
  items.map((i) => ({
    code: i.code,
    text: i.text,
    textEn: i.textEn ?? null,
    severity: i.severity,
    weight: i.weight ?? 1,
    evidence: i.evidence ?? 'none',
    section: i.section ?? null,
    nodeId: i.nodeId ?? null,
  }));

/** An item as a comparable tuple (jsonb does not keep the key order it was given). */
const tuple = (i: TChecklistItem) => [
  i.code,
  i.text,
  i.textEn,
  i.severity,
  i.weight,
  i.evidence,
  i.section,
  i.nodeId ?? null,
];

export interface NewChecklist {
  name: string;
  description?: string;
  journeyId?: string;
  blueprintId?: string;
  unitKinds: string[];
  items: TChecklistItemInput[];
  ownerId?: string;
  repeatThreshold?: number;
  repeatWindowDays?: number;
}

/** 422 unless the process owner is an active user of the tenant who may own problems. */
async function assertOwner(tx: Tx, actor: Actor, ownerId: string | null | undefined) {
  if (!ownerId) return;
  const u = await one(
    tx,
    sql`SELECT 1 FROM users WHERE tenant_id = ${actor.tenantId} AND id = ${ownerId} AND status = 'active'
        AND role IN ('owner', 'admin', 'analyst', 'manager')`,
  );
  if (!u) throw invalid('ownerId', 'no such active user who may own problems');
}

/** 404 unless the journey is the tenant's (a checklist may name the journey whose stages it checks). */
async function assertJourney(tx: Tx, actor: Actor, journeyId: string | null | undefined) {
  if (!journeyId) return;
  if (!(await one(tx, sql`SELECT 1 FROM journeys WHERE tenant_id = ${actor.tenantId} AND id = ${journeyId}`)))
    throw notFound('Journey');
}

/** Creates a checklist with its version 1. Returns its id. */
export async function createChecklist(tx: Tx, actor: Actor, b: NewChecklist, now: Date): Promise<string> {
  await assertJourney(tx, actor, b.journeyId);
  await assertOwner(tx, actor, b.ownerId);
  await assertItemNodes(tx, actor.tenantId, b.blueprintId ?? null, b.items);
  const id = randomUUID();
  const at = now.toISOString();
  await tx.execute(
    sql`INSERT INTO checklists (tenant_id, id, name, description, journey_id, blueprint_id, unit_kinds, owner_id,
          repeat_threshold, repeat_window_days, created_by, created_at, updated_at)
        VALUES (${actor.tenantId}, ${id}, ${b.name}, ${b.description ?? null}, ${b.journeyId ?? null},
          ${b.blueprintId ?? null}, ARRAY(SELECT jsonb_array_elements_text(${JSON.stringify(b.unitKinds)}::jsonb)),
          ${b.ownerId ?? null}, ${b.repeatThreshold ?? 3}, ${b.repeatWindowDays ?? 30},
          ${actor.kind === 'user' ? actor.id : null}, ${at}, ${at})`,
  );
  await tx.execute(
    sql`INSERT INTO checklist_versions (tenant_id, checklist_id, version, items, created_at)
        VALUES (${actor.tenantId}, ${id}, 1, ${JSON.stringify(normalise(b.items))}::jsonb, ${at})`,
  );
  await audit(tx, actor, 'checklist.create', 'checklist', id, { name: b.name, items: b.items.length });
  return id;
}

export interface ChecklistPatch {
  name?: string;
  description?: string | null;
  journeyId?: string | null;
  blueprintId?: string | null;
  unitKinds?: string[];
  items?: TChecklistItemInput[];
  archived?: boolean;
  ownerId?: string | null;
  repeatThreshold?: number;
  repeatWindowDays?: number;
}

/**
 * Changes a checklist. New items make a new version (the old one stays, pinned by the audits made with it); items
 * equal to the current ones change nothing.
 */
export async function updateChecklist(tx: Tx, actor: Actor, id: string, b: ChecklistPatch, now: Date) {
  const c = await one<{ version: number; items: TChecklistItem[]; blueprint_id: string | null }>(
    tx,
    sql`SELECT c.version, v.items, c.blueprint_id FROM checklists c
        JOIN checklist_versions v ON v.tenant_id = c.tenant_id AND v.checklist_id = c.id AND v.version = c.version
        WHERE c.tenant_id = ${actor.tenantId} AND c.id = ${id} FOR UPDATE OF c`,
  );
  if (!c) throw notFound('Checklist');
  await assertJourney(tx, actor, b.journeyId);
  await assertOwner(tx, actor, b.ownerId);
  if (b.items || b.blueprintId !== undefined)
    await assertItemNodes(
      tx,
      actor.tenantId,
      b.blueprintId === undefined ? c.blueprint_id : b.blueprintId,
      b.items ?? c.items,
    );
  const at = now.toISOString();
  let version = c.version;
  if (b.items) {
    const items = normalise(b.items);
    if (JSON.stringify(items.map(tuple)) !== JSON.stringify(c.items.map(tuple))) {
      version = c.version + 1;
      await tx.execute(
        sql`INSERT INTO checklist_versions (tenant_id, checklist_id, version, items, created_at)
            VALUES (${actor.tenantId}, ${id}, ${version}, ${JSON.stringify(items)}::jsonb, ${at})`,
      );
    }
  }
  await tx.execute(
    sql`UPDATE checklists SET
          name = coalesce(${b.name ?? null}, name),
          description = ${b.description === undefined ? sql`description` : b.description},
          journey_id = ${b.journeyId === undefined ? sql`journey_id` : b.journeyId},
          blueprint_id = ${b.blueprintId === undefined ? sql`blueprint_id` : b.blueprintId},
          unit_kinds = ${b.unitKinds === undefined ? sql`unit_kinds` : sql`ARRAY(SELECT jsonb_array_elements_text(${JSON.stringify(b.unitKinds)}::jsonb))`},
          archived = coalesce(${b.archived ?? null}::boolean, archived),
          owner_id = ${b.ownerId === undefined ? sql`owner_id` : b.ownerId},
          repeat_threshold = coalesce(${b.repeatThreshold ?? null}::integer, repeat_threshold),
          repeat_window_days = coalesce(${b.repeatWindowDays ?? null}::integer, repeat_window_days),
          version = ${version}, updated_at = ${at}
        WHERE tenant_id = ${actor.tenantId} AND id = ${id}`,
  );
  await audit(tx, actor, 'checklist.update', 'checklist', id, { ...b, items: b.items?.length, version });
}
