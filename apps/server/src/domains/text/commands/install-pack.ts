import { randomUUID } from 'node:crypto';
import type { Actor } from '../../../platform/auth.ts';
import type { Clock } from '../../../platform/clock.ts';
import { type Executor, sql } from '../../../platform/db.ts';
import { industryPacks } from '../../../text-engine/index.ts';
import type { PACKS } from '../schema.ts';
import { bumpTaxonomy } from './bump-taxonomy.ts';

/** A pack topic id ('food-safety', 'restaurant.food.taste'…) as a topic code: lowercase, dashes, ≤ 64. */
export const packCode = (id: string) =>
  id
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 64) || 'topic';

/**
 * Installs an industry pack as the tenant's taxonomy. `replace` swaps the whole tree (history is re-analysed);
 * `merge` adds the pack's topics whose code the tenant does not have yet and leaves edited topics alone.
 */
export async function installPack(
  tx: Executor,
  clock: Clock,
  actor: Actor,
  pack: (typeof PACKS)[number],
  mode: 'replace' | 'merge',
) {
  const taxonomy = industryPacks[pack];
  if (mode === 'replace') await tx.execute(sql`DELETE FROM text_topics WHERE tenant_id = ${actor.tenantId}`);
  const idByPackId = new Map<string, string>();
  const used = new Set<string>();
  const rowsToInsert = taxonomy.topics.map((t, i) => {
    let code = packCode(t.id);
    for (let n = 2; used.has(code); n++) code = `${packCode(t.id).slice(0, 60)}-${n}`;
    used.add(code);
    const id = randomUUID();
    idByPackId.set(t.id, id);
    return {
      id,
      packParent: t.parentId ?? null,
      code,
      name: t.name.slice(0, 100),
      name_en: t.nameEn?.slice(0, 100) ?? null,
      rules: t.rules ?? {},
      position: i,
    };
  });
  const payload = rowsToInsert.map((r) => ({
    ...r,
    parent_id: r.packParent ? (idByPackId.get(r.packParent) ?? null) : null,
  }));
  const now = clock.now().toISOString();
  // In merge mode a pack topic whose code exists is skipped; a child whose parent was skipped hangs under the
  // tenant's existing topic of that code.
  await tx.execute(
    sql`INSERT INTO text_topics (tenant_id, id, parent_id, code, name, name_en, rules, position, created_at, updated_at)
        SELECT ${actor.tenantId}::uuid, x.id,
               CASE WHEN x.parent_id IS NULL THEN NULL ELSE coalesce(
                 (SELECT e.id FROM text_topics e JOIN jsonb_to_recordset(${JSON.stringify(payload)}::jsonb) AS p(id uuid, code text) ON p.id = x.parent_id
                  WHERE e.tenant_id = ${actor.tenantId} AND e.code = p.code), x.parent_id) END,
               x.code, x.name, x.name_en, x.rules, x.position, ${now}::timestamptz, ${now}::timestamptz
        FROM jsonb_to_recordset(${JSON.stringify(payload)}::jsonb) AS x(id uuid, parent_id uuid, code text, name text, name_en text, rules jsonb, position int)
        ON CONFLICT (tenant_id, code) DO NOTHING`,
  );
  return bumpTaxonomy(tx, clock, actor.tenantId, actor.kind === 'user' ? actor.id : null, { pack });
}
