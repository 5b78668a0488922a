import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { dedupKey, draw } from './corpus.ts';

/**
 * English aspect-labelled restaurant sentences (SemEval-2014 Task 4 and SemEval-2016 Task 5 restaurant TRAIN
 * files in `../shared/data/text`, see its README), reduced to the four aspects the issue measures and split
 * into train / dev / test by a seeded hash of the de-duplicated sentence. See MODEL.md "English aspects".
 */
export const ASPECTS = ['food', 'service', 'price', 'ambience'] as const;
export type Aspect = (typeof ASPECTS)[number];
/** An aspect's gold polarity; `conflict` (mixed opinions on it) counts for detection, not for polarity. */
export type AspectPolarity = 'positive' | 'neutral' | 'negative' | 'conflict';

export interface AbsaSentence {
  /** The dedup key (analyzer normalisation): the text that is analysed. */
  text: string;
  /**
   * What the split hashes when it is not `text`: the key of the sentence as read before character references
   * were decoded (`parser`), so that fixing the loader moved no sentence between parts.
   */
  splitKey?: string;
  source: 'semeval16' | 'semeval14';
  aspects: Partial<Record<Aspect, AspectPolarity>>;
  /** Sentence polarity: all opinions positive/neutral with ≥ 1 positive, or the reverse; else undefined. */
  polarity?: 'positive' | 'negative';
  /** Annotated opinion targets with their aspect (SemEval-16 `target`, SemEval-14 `aspectTerm`); for mining. */
  targets: Array<{ term: string; aspect: Aspect }>;
  /**
   * Every annotated opinion target with its own polarity, aspect or not (SemEval-16 opinions with a target,
   * SemEval-14 aspect terms): the clause-level training examples of `build-model.ts`.
   */
  targetPolarities?: Array<{ term: string; polarity: AspectPolarity }>;
}

export type AbsaPart = 'train' | 'dev' | 'test';
export const ABSA_SEED = 20261207;
export const ABSA_SHARES = { test: 0.2, dev: 0.1 } as const;
export const ABSA_FILES = {
  semeval16: 'semeval16_restaurants_train_sb1_v2.xml',
  semeval14: 'semeval14_restaurants_train_v2.xml',
} as const;

/** SemEval-2016 ENTITY#ATTRIBUTE → aspect: *#PRICES → price, FOOD/DRINKS → food, SERVICE, AMBIENCE; others none. */
export function aspectOf16(category: string): Aspect | undefined {
  const [entity, attribute] = category.toUpperCase().split('#');
  if (attribute === 'PRICES') return 'price';
  if (entity === 'FOOD' || entity === 'DRINKS') return 'food';
  if (entity === 'SERVICE') return 'service';
  if (entity === 'AMBIENCE') return 'ambience';
  return undefined;
}

/** SemEval-2014 categories map directly (anecdotes/miscellaneous has no aspect). */
export function aspectOf14(category: string): Aspect | undefined {
  return (ASPECTS as readonly string[]).includes(category) ? (category as Aspect) : undefined;
}

/** The part of a de-duplicated sentence: a seeded hash, so it never depends on file order. */
export function absaPart(s: string | Pick<AbsaSentence, 'text' | 'splitKey'>): AbsaPart {
  const u = draw(typeof s === 'string' ? s : (s.splitKey ?? s.text), ABSA_SEED);
  return u < ABSA_SHARES.test ? 'test' : u < ABSA_SHARES.test + ABSA_SHARES.dev ? 'dev' : 'train';
}

interface RawOpinion {
  aspect: Aspect | undefined;
  polarity: string;
  target?: string;
}

const asArray = <T>(x: T | T[] | undefined): T[] => (x === undefined ? [] : Array.isArray(x) ? x : [x]);

const polarityOf = (p: string): AspectPolarity =>
  p === 'positive' || p === 'negative' || p === 'neutral' ? p : 'conflict';

function merge(key: string, source: AbsaSentence['source'], opinions: RawOpinion[]): AbsaSentence {
  const aspects: AbsaSentence['aspects'] = {};
  const targets: AbsaSentence['targets'] = [];
  const targetPolarities: NonNullable<AbsaSentence['targetPolarities']> = [];
  let pos = 0;
  let neg = 0;
  for (const o of opinions) {
    const p = polarityOf(o.polarity);
    if (o.target && o.target !== 'NULL') targetPolarities.push({ term: o.target, polarity: p });
    if (p === 'positive') pos++;
    if (p === 'negative') neg++;
    if (p === 'conflict') {
      pos++;
      neg++;
    }
    if (!o.aspect) continue;
    const prev = aspects[o.aspect];
    aspects[o.aspect] = prev === undefined || prev === p ? p : 'conflict';
    if (o.target && o.target !== 'NULL') targets.push({ term: o.target, aspect: o.aspect });
  }
  const polarity = pos > 0 && neg === 0 ? 'positive' : neg > 0 && pos === 0 ? 'negative' : undefined;
  return { text: key, source, aspects, targets, targetPolarities, ...(polarity ? { polarity } : {}) };
}

/**
 * The XML parser. `decode` also decodes character references (don&#8217;t, d&#233;cor), which fast-xml-parser
 * leaves as they are by default; until 2026-12-07 the loader kept them, so 14 SemEval-2016 sentences were analysed
 * with "&#8217;" in place of an apostrophe. The texts as read then are still what the split hashes.
 */
function parser(decode: boolean) {
  return new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '',
    parseAttributeValue: false,
    trimValues: false,
    htmlEntities: decode,
  });
}

/** The analysed text and the split key of a sentence (see `AbsaSentence.splitKey`). */
function keys(text: unknown, asRead: unknown): { key: string; splitKey?: string } {
  const key = dedupKey(String(text ?? ''));
  const old = dedupKey(String(asRead ?? ''));
  return old === key ? { key } : { key, splitKey: old };
}

type XmlSentence = { text?: unknown; OutOfScope?: string } & Record<string, unknown>;

/** SemEval-2016 SB1 XML → sentences (out-of-scope ones dropped). */
export function parseSemEval16(xml: string): AbsaSentence[] {
  const sentencesOf = (doc: { Reviews?: { Review?: unknown } }) =>
    asArray(doc.Reviews?.Review as Array<{ sentences?: { sentence?: unknown } }>).flatMap((review) =>
      asArray(review.sentences?.sentence as XmlSentence[]),
    );
  const asRead = sentencesOf(parser(false).parse(xml));
  const out: AbsaSentence[] = [];
  for (const [i, s] of sentencesOf(parser(true).parse(xml)).entries()) {
    if (s.OutOfScope === 'TRUE') continue;
    const { key, splitKey } = keys(s.text, asRead[i]?.text);
    if (!key) continue;
    const ops = asArray((s.Opinions as { Opinion?: unknown } | undefined)?.Opinion as Array<Record<string, string>>);
    const sentence = merge(
      key,
      'semeval16',
      ops.map((o) => ({
        aspect: aspectOf16(o.category ?? ''),
        polarity: o.polarity ?? '',
        target: o.target,
      })),
    );
    out.push(splitKey ? { ...sentence, splitKey } : sentence);
  }
  return out;
}

/**
 * SemEval-2014 XML → sentences. Categories give the aspects; an aspect term is attributed to an aspect only when
 * the sentence has exactly one mapped category (the 2014 scheme does not link terms to categories).
 */
export function parseSemEval14(xml: string): AbsaSentence[] {
  const sentencesOf = (doc: { sentences?: { sentence?: unknown } }) =>
    asArray(doc.sentences?.sentence as XmlSentence[]);
  const asRead = sentencesOf(parser(false).parse(xml));
  const out: AbsaSentence[] = [];
  for (const [i, s] of sentencesOf(parser(true).parse(xml)).entries()) {
    const { key, splitKey } = keys(s.text, asRead[i]?.text);
    if (!key) continue;
    const cats = asArray(
      (s.aspectCategories as { aspectCategory?: unknown } | undefined)?.aspectCategory as Array<Record<string, string>>,
    );
    const opinions: RawOpinion[] = cats.map((c) => ({
      aspect: aspectOf14(c.category ?? ''),
      polarity: c.polarity ?? '',
    }));
    const sentence: AbsaSentence = { ...merge(key, 'semeval14', opinions), ...(splitKey ? { splitKey } : {}) };
    const mapped = Object.keys(sentence.aspects) as Aspect[];
    const terms = asArray(
      (s.aspectTerms as { aspectTerm?: unknown } | undefined)?.aspectTerm as Array<Record<string, string>>,
    );
    for (const t of terms)
      if (t.term) sentence.targetPolarities?.push({ term: t.term, polarity: polarityOf(t.polarity ?? '') });
    if (mapped.length === 1)
      for (const t of terms) if (t.term) sentence.targets.push({ term: t.term, aspect: mapped[0] });
    out.push(sentence);
  }
  return out;
}

/**
 * Both files, de-duplicated by the analyzer's normalisation: SemEval-2016 first (its labels win for the 1,153
 * sentences that are in both: they link targets to categories and split drinks and prices), then the 2014
 * sentences not seen yet. Repeats inside a file keep the first copy.
 */
export function mergeAbsa(s16: AbsaSentence[], s14: AbsaSentence[]): AbsaSentence[] {
  const seen = new Set<string>();
  const out: AbsaSentence[] = [];
  for (const s of [...s16, ...s14]) {
    if (seen.has(s.text)) continue;
    seen.add(s.text);
    out.push(s);
  }
  return out;
}

export function loadAbsa(dir: string): AbsaSentence[] {
  for (const f of Object.values(ABSA_FILES)) {
    if (!existsSync(join(dir, f))) throw new Error(`SemEval data not found: ${join(dir, f)} (see MODEL.md)`);
  }
  return mergeAbsa(
    parseSemEval16(readFileSync(join(dir, ABSA_FILES.semeval16), 'utf8')),
    parseSemEval14(readFileSync(join(dir, ABSA_FILES.semeval14), 'utf8')),
  );
}

/** The sentences of one part of the split. */
export function absaSplit(sentences: readonly AbsaSentence[], part: AbsaPart): AbsaSentence[] {
  return sentences.filter((s) => absaPart(s) === part);
}
