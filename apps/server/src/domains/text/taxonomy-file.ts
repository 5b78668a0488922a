import { z } from 'zod';
import type { Taxonomy } from '../../text-engine/index.ts';
import { ZTopicCode, ZTopicRules } from './schema.ts';

/**
 * A taxonomy as a file, for `loopcx text analyze --taxonomy FILE`: the `topics` of `GET /api/v1/text/taxonomy`
 * (save the response and pass it as is), or written by hand in the same shape:
 *
 * ```json
 * { "topics": [
 *   { "code": "food", "name": "菜品", "nameEn": "Food" },
 *   { "code": "taste", "name": "味道", "nameEn": "Taste", "parentId": "food",
 *     "rules": { "zh": { "include": ["味道", "口味"], "exclude": ["味道连锁"] }, "en": { "include": ["tast*", "flavo*"] } } }
 * ] }
 * ```
 * Each topic: `code` (lowercase letters, digits, dashes — as in the API), `name`, optional `nameEn`, optional
 * `parentId` (the `id` or `code` of another topic in the file), `rules` (zh/en include/exclude; rule syntax in
 * the README's text analytics section). `id`, `position` and other keys of the API response are accepted.
 */
const ZFileTopic = z.object({
  id: z.string().max(100).optional(),
  code: ZTopicCode,
  name: z.string().trim().min(1).max(100),
  nameEn: z.string().trim().min(1).max(100).nullable().optional(),
  parentId: z.string().max(100).nullable().optional(),
  rules: ZTopicRules.default({}),
});

export const ZTaxonomyFile = z.object({ topics: z.array(ZFileTopic).max(2000) });

/** Parses and checks a taxonomy file's text; throws an Error whose message names the file and the bad field. */
export function parseTaxonomyFile(content: string, file: string): Taxonomy {
  let json: unknown;
  try {
    json = JSON.parse(content);
  } catch (err) {
    throw new Error(`${file}: not valid JSON (${err instanceof Error ? err.message : String(err)})`);
  }
  const parsed = ZTaxonomyFile.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const at = issue.path.length ? issue.path.join('.') : '(top level)';
    throw new Error(
      `${file}: ${at}: ${issue.message} — expected {"topics":[{"code","name","rules":{"zh":{"include":[…]}}}]}, see loopcx text --help`,
    );
  }
  const topics = parsed.data.topics;
  const byKey = new Map<string, string>();
  const codes = new Set<string>();
  topics.forEach((t, i) => {
    if (codes.has(t.code)) throw new Error(`${file}: topics.${i}.code: "${t.code}" appears twice`);
    codes.add(t.code);
    byKey.set(t.code, t.code);
    if (t.id) byKey.set(t.id, t.code);
  });
  return {
    topics: topics.map((t, i) => {
      const parent = t.parentId ? byKey.get(t.parentId) : null;
      if (t.parentId && !parent)
        throw new Error(`${file}: topics.${i}.parentId: no topic with id or code "${t.parentId}" in the file`);
      return { id: t.code, name: t.name, nameEn: t.nameEn ?? undefined, parentId: parent, rules: t.rules };
    }),
  };
}
