import { foldWidthCase, normalize } from './normalize.ts';

/**
 * A tenant's topic tree with keyword rules per language.
 *
 * Rule syntax (each `include`/`exclude` entry, matched case-insensitively after the same normalisation as
 * the text: traditional → simplified, full → half width):
 * - `送餐` / `waiter` — a keyword. Chinese (and any entry with a non-ASCII character) matches as a substring;
 *   ASCII entries match whole words ("cold" does not match "scold").
 * - `deliver*` — trailing `*`: ASCII word prefix (delivery, delivered, delivering).
 * - `"hot pot"` / `"送餐 太慢"` — a quoted phrase: the exact character sequence, spaces included.
 * - `送餐 慢` / `food cold` — unquoted words separated by spaces: all must occur in the same clause, in any
 *   order ("送餐 慢" matches 送餐实在是太慢了).
 * - Exclude entries use the same syntax; an exclude match in a clause removes the topic's matches in that
 *   clause (exclude wins within the clause), e.g. 温度 include 凉, exclude 凉菜.
 * The `zh` and `en` rules both apply to every text (a mixed-language comment matches both).
 */
export interface TopicRules {
  include: string[];
  exclude?: string[];
}
export interface TaxonomyTopic {
  id: string;
  name: string;
  nameEn?: string;
  parentId?: string | null;
  rules: { zh?: TopicRules; en?: TopicRules };
}
export interface Taxonomy {
  topics: TaxonomyTopic[];
}

/** One searchable string; `word`: ASCII with whole-word boundaries; `prefix`: trailing-`*` prefix match. */
export interface Term {
  text: string;
  word: boolean;
  prefix: boolean;
}
/** All terms must occur in the clause. */
interface Rule {
  topic: number;
  terms: number[];
  exclude: boolean;
}
export interface CompiledTaxonomy {
  topics: TaxonomyTopic[];
  terms: Term[];
  /** Term ids by first character, longest first. */
  byFirst: Map<number, number[]>;
  rules: Rule[];
  /** Rule ids by term id. */
  rulesByTerm: number[][];
}

const ASCII_ONLY = /^[\x20-\x7e]+$/;

function parseEntry(entry: string): Term[] {
  const raw = foldWidthCase(entry.trim()).text;
  if (!raw) return [];
  const quoted = raw.length > 1 && raw.startsWith('"') && raw.endsWith('"');
  const parts = quoted ? [raw.slice(1, -1).trim()] : raw.split(/\s+/);
  const out: Term[] = [];
  for (let p of parts) {
    if (!p) continue;
    const prefix = !quoted && p.length > 1 && p.endsWith('*');
    if (prefix) p = p.slice(0, -1);
    const text = normalize(p);
    out.push({ text, word: ASCII_ONLY.test(text), prefix });
  }
  return out;
}

/** Compiles a taxonomy for matching; cheap (microseconds per topic), so a tenant's edit takes effect at once. */
export function compileTaxonomy(taxonomy: Taxonomy): CompiledTaxonomy {
  const terms: Term[] = [];
  const termIds = new Map<string, number>();
  const rules: Rule[] = [];
  const termId = (t: Term) => {
    const key = `${t.word ? 'w' : 's'}${t.prefix ? '*' : ''}:${t.text}`;
    let id = termIds.get(key);
    if (id === undefined) {
      id = terms.length;
      terms.push(t);
      termIds.set(key, id);
    }
    return id;
  };
  taxonomy.topics.forEach((topic, ti) => {
    for (const lang of ['zh', 'en'] as const) {
      const r = topic.rules?.[lang];
      if (!r) continue;
      for (const [list, exclude] of [
        [r.include ?? [], false],
        [r.exclude ?? [], true],
      ] as const) {
        for (const entry of list) {
          const parsed = parseEntry(entry);
          if (parsed.length) rules.push({ topic: ti, terms: [...new Set(parsed.map(termId))], exclude });
        }
      }
    }
  });
  const byFirst = new Map<number, number[]>();
  terms.forEach((t, id) => {
    const c = t.text.charCodeAt(0);
    const list = byFirst.get(c) ?? [];
    list.push(id);
    byFirst.set(c, list);
  });
  for (const list of byFirst.values()) list.sort((a, b) => terms[b].text.length - terms[a].text.length);
  const rulesByTerm: number[][] = terms.map(() => []);
  rules.forEach((r, ri) => {
    for (const t of r.terms) rulesByTerm[t].push(ri);
  });
  return { topics: taxonomy.topics, terms, byFirst, rules, rulesByTerm };
}

function isWordChar(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || (c >= 65 && c <= 90);
}

export interface TermHit {
  term: number;
  start: number;
  end: number;
}

/** All term occurrences in the normalised text (one pass, candidates by first character). */
export function findTerms(ct: CompiledTaxonomy, text: string): TermHit[] {
  const hits: TermHit[] = [];
  if (ct.terms.length === 0) return hits;
  for (let i = 0; i < text.length; i++) {
    const list = ct.byFirst.get(text.charCodeAt(i));
    if (!list) continue;
    for (const id of list) {
      const t = ct.terms[id];
      if (!text.startsWith(t.text, i)) continue;
      let end = i + t.text.length;
      if (t.word) {
        if (i > 0 && isWordChar(text.charCodeAt(i - 1))) continue;
        if (t.prefix) while (end < text.length && isWordChar(text.charCodeAt(end))) end++;
        else if (end < text.length && isWordChar(text.charCodeAt(end))) continue;
      }
      hits.push({ term: id, start: i, end });
    }
  }
  return hits;
}
