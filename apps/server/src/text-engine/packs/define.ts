import type { Taxonomy, TaxonomyTopic } from '../taxonomy.ts';

interface TopicSpec {
  parent?: string;
  zhExclude?: string;
  enExclude?: string;
}

const list = (s: string | undefined) =>
  (s ?? '')
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean);

/** Compact pack notation: comma-separated rule entries (rule syntax in taxonomy.ts). */
export function topic(
  id: string,
  name: string,
  nameEn: string,
  zh: string,
  en: string,
  spec: TopicSpec = {},
): TaxonomyTopic {
  return {
    id,
    name,
    nameEn,
    parentId: spec.parent ?? null,
    rules: {
      zh: { include: list(zh), exclude: list(spec.zhExclude) },
      en: { include: list(en), exclude: list(spec.enExclude) },
    },
  };
}

/** A grouping topic: no rules of its own; its children's matches roll up to it. */
export function group(id: string, name: string, nameEn: string): TaxonomyTopic {
  return { id, name, nameEn, parentId: null, rules: { zh: { include: [] }, en: { include: [] } } };
}

export function pack(topics: TaxonomyTopic[]): Taxonomy {
  return { topics };
}
