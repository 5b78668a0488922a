import type { AppContext } from '../../platform/context.ts';
import { type Executor, one, rows, sql } from '../../platform/db.ts';
import { createAnalyzer, modelInfo, type Taxonomy } from '../../text-engine/index.ts';

/** A topic as stored (text_topics row). */
export interface TopicRow {
  id: string;
  parent_id: string | null;
  code: string;
  name: string;
  name_en: string | null;
  rules: TopicRules;
  position: number;
}

export interface TopicRules {
  zh?: { include: string[]; exclude?: string[] };
  en?: { include: string[]; exclude?: string[] };
}

export interface TenantAnalyzer {
  version: number;
  analyze: ReturnType<typeof createAnalyzer>['analyze'];
  topics: Map<string, TopicRow>;
}

const cache = new Map<string, TenantAnalyzer>();

/** The model version stamped on every analysis (the taxonomy version is stored beside it). */
export function modelVersion(): string {
  return modelInfo().version;
}

/** The tenant's topics, tree order (parents before children, then position). */
export async function loadTopics(ex: Executor, tenantId: string): Promise<TopicRow[]> {
  return rows<TopicRow>(
    ex,
    sql`SELECT id, parent_id, code, name, name_en, rules, position FROM text_topics WHERE tenant_id = ${tenantId} ORDER BY position, code`,
  );
}

export async function taxonomyVersion(ex: Executor, tenantId: string): Promise<number> {
  return (
    (await one<{ version: number }>(ex, sql`SELECT version FROM text_taxonomies WHERE tenant_id = ${tenantId}`))
      ?.version ?? 0
  );
}

export function toEngineTaxonomy(topics: TopicRow[]): Taxonomy {
  return {
    topics: topics.map((t) => ({
      id: t.id,
      name: t.name,
      nameEn: t.name_en ?? undefined,
      parentId: t.parent_id,
      rules: t.rules ?? {},
    })),
  };
}

/**
 * The tenant's analyzer, built once per taxonomy version and kept in memory (the engine is synchronous and needs
 * no download, so building one takes milliseconds). One cheap version read per call keeps several nodes in step.
 */
export async function analyzerFor(ex: Executor, tenantId: string): Promise<TenantAnalyzer> {
  const version = await taxonomyVersion(ex, tenantId);
  const hit = cache.get(tenantId);
  if (hit && hit.version === version) return hit;
  const topics = await loadTopics(ex, tenantId);
  const analyzer = createAnalyzer({ taxonomy: toEngineTaxonomy(topics) });
  const entry: TenantAnalyzer = {
    version,
    analyze: analyzer.analyze.bind(analyzer),
    topics: new Map(topics.map((t) => [t.id, t])),
  };
  if (cache.size > 1000) cache.clear();
  cache.set(tenantId, entry);
  return entry;
}

/**
 * Loads the sentiment model and jieba and warms every tenant's analyzer at boot (the text module's `init`), so
 * the first comment is analysed at once: ~0.3 s in all (bench/RESULTS.md, scenario text).
 */
export async function warmAnalyzers(ctx: AppContext) {
  createAnalyzer({ taxonomy: { topics: [] } }).analyze('味道不错 good');
  for (const t of await rows<{ tenant_id: string }>(ctx.db, sql`SELECT tenant_id FROM text_taxonomies LIMIT 200`))
    await analyzerFor(ctx.db, t.tenant_id);
}
