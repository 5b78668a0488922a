import { createAnalyzer } from '../analyzer.ts';
import { DEFAULT_CALIBRATION, getModel, peekModel, type SentimentModel, setModel } from '../model.ts';
import { restaurant } from '../packs/restaurant.ts';
import { labelOf, type SentimentLabel } from '../sentiment.ts';
import type { Taxonomy } from '../taxonomy.ts';
import { TRIAGE_CLASSES, type TriageClass } from '../triage.ts';
import { type AbsaSentence, ASPECTS, type Aspect } from './absa.ts';
import { type Detection, detectionScores, LABELS, type Scores, score } from './metrics.ts';
import type { TriageExample, TriageScores } from './triage/build.ts';

export interface LabelledText {
  text: string;
  label: SentimentLabel;
}

/** The rules alone (no trained weights): the baseline the model is measured against. */
export const LEXICON_ONLY: SentimentModel = {
  version: 'lexicon-only',
  sizeBytes: 0,
  idf: new Map(),
  calibration: DEFAULT_CALIBRATION,
};

/** Runs `fn` with `model` as the process's model, restoring the previous one afterwards. */
export function withModel<T>(model: SentimentModel, fn: () => T): T {
  const previous = peekModel();
  setModel(model);
  try {
    return fn();
  } finally {
    setModel(previous);
  }
}

/** Whole-text sentiment of the full analyzer against gold labels. */
export function evaluate(
  model: SentimentModel,
  texts: readonly LabelledText[],
  lang: 'zh' | 'en' | 'auto' = 'auto',
): Scores {
  return withModel(model, () => {
    const analyzer = createAnalyzer({ taxonomy: { topics: [] } });
    return score(
      texts.map((t) => {
        const s = analyzer.analyze(t.text, { lang }).sentiment;
        return { gold: t.label, predicted: s.label, score: s.score };
      }),
    );
  });
}

/** `loopcx text eval FILE`: the shipped model on a labelled file, as a small report. */
export function evaluateFile(content: string, file: string, lang: 'zh' | 'en' | 'auto' = 'auto'): string {
  const texts = parseLabelled(content, file);
  if (texts.length === 0) throw new Error(`${file}: no labelled lines`);
  const model = getModel();
  const s = evaluate(model, texts, lang);
  const pct = (x: number) => `${(x * 100).toFixed(1)} %`;
  const lines = [
    `model      ${model.version}`,
    `texts      ${s.n}`,
    `accuracy   ${pct(s.accuracy)}`,
    `macro-F1   ${pct(s.macroF1)}   (over the gold classes present)`,
    `neutral    ${pct(s.neutralShare)} of predictions`,
    ...(s.polarityAccuracy ? [`polarity   ${pct(s.polarityAccuracy)}   (sign of the score on the polar texts)`] : []),
    '',
    'gold \\ predicted   negative  neutral  positive',
  ];
  for (const g of LABELS) {
    const row = s.confusion[g];
    if (row.negative + row.neutral + row.positive === 0) continue;
    lines.push(
      `${g.padEnd(18)}${String(row.negative).padStart(9)}${String(row.neutral).padStart(9)}${String(row.positive).padStart(10)}`,
    );
  }
  return `${lines.join('\n')}\n`;
}

/** Parses labelled lines: JSON `{"text","label"}` (label negative|neutral|positive, or 0/1) or `text<TAB>label`. */
export function parseLabelled(content: string, file: string): LabelledText[] {
  const out: LabelledText[] = [];
  const lines = content.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].replace(/\r$/, '');
    if (!line.trim()) continue;
    let text: unknown;
    let label: unknown;
    if (line.trimStart().startsWith('{')) {
      try {
        ({ text, label } = JSON.parse(line) as { text?: unknown; label?: unknown });
      } catch {
        throw new Error(`${file}:${i + 1}: not valid JSON`);
      }
    } else {
      const tab = line.lastIndexOf('\t');
      if (tab < 0) throw new Error(`${file}:${i + 1}: expected {"text","label"} JSON or text<TAB>label`);
      text = line.slice(0, tab);
      label = line.slice(tab + 1).trim();
    }
    const l = normaliseLabel(label);
    if (typeof text !== 'string' || !l) {
      throw new Error(
        `${file}:${i + 1}: label must be negative, neutral or positive, or 1 (positive) / 0 or -1 (negative)`,
      );
    }
    out.push({ text, label: l });
  }
  return out;
}

function normaliseLabel(label: unknown): SentimentLabel | undefined {
  const s = String(label).trim().toLowerCase();
  if (s === 'negative' || s === 'neutral' || s === 'positive') return s;
  if (s === '1') return 'positive';
  if (s === '0' || s === '-1') return 'negative';
  return undefined;
}

/** Restaurant-pack topics that stand for the four SemEval aspects (topics not listed have no aspect). */
export const RESTAURANT_ASPECT_OF: Readonly<Record<string, Aspect>> = {
  taste: 'food',
  temperature: 'food',
  portion: 'food',
  freshness: 'food',
  'menu-variety': 'food',
  dishes: 'food',
  'service-attitude': 'service',
  'serving-speed': 'service',
  'queue-wait': 'service',
  price: 'price',
  promotions: 'price',
  environment: 'ambience',
};

export interface AbsaScores {
  /** Sentence polarity over sentences whose opinions all lean one way (a neutral counts by its score's sign). */
  sentence: Scores;
  /** Aspect detection per aspect and micro-averaged. */
  detection: { perClass: Record<Aspect, Detection>; micro: Detection };
  /** Per-aspect polarity (pos/neu/neg) over the gold aspects with one polarity that were detected. */
  aspectPolarity: Scores;
  /** Gold aspects with one polarity (the polarity set before detection). */
  aspectPolarityGold: number;
}

/**
 * The analyzer with `taxonomy` on aspect-labelled sentences: sentence polarity, aspect detection (topics mapped
 * by `aspectOf`) and per-aspect polarity (the mean score of the aspect's matched topics, labelled with the
 * model's neutral band).
 */
export function evaluateAbsa(
  model: SentimentModel,
  sentences: readonly AbsaSentence[],
  taxonomy: Taxonomy = restaurant,
  aspectOf: Readonly<Record<string, Aspect>> = RESTAURANT_ASPECT_OF,
  lang: 'zh' | 'en' | 'auto' = 'en',
): AbsaScores {
  return withModel(model, () => {
    const analyzer = createAnalyzer({ taxonomy });
    const band = model.calibration.neutralBand;
    const polar: Array<{ gold: SentimentLabel; predicted: SentimentLabel; score: number }> = [];
    const det: Array<{ gold: Set<Aspect>; predicted: Set<Aspect> }> = [];
    const aspects: Array<{ gold: SentimentLabel; predicted: SentimentLabel; score: number }> = [];
    let aspectGold = 0;
    for (const s of sentences) {
      const a = analyzer.analyze(s.text, { lang });
      if (s.polarity) polar.push({ gold: s.polarity, predicted: a.sentiment.label, score: a.sentiment.score });
      const sums = new Map<Aspect, { sum: number; n: number }>();
      for (const t of a.topics) {
        const asp = aspectOf[t.topicId];
        if (!asp) continue;
        const cur = sums.get(asp) ?? { sum: 0, n: 0 };
        cur.sum += t.sentiment.score;
        cur.n++;
        sums.set(asp, cur);
      }
      const gold = new Set(Object.keys(s.aspects) as Aspect[]);
      det.push({ gold, predicted: new Set(sums.keys()) });
      for (const asp of gold) {
        const g = s.aspects[asp];
        if (g === 'conflict' || g === undefined) continue;
        aspectGold++;
        const p = sums.get(asp);
        if (!p) continue;
        const l = labelOf(p.sum / p.n, band);
        aspects.push({ gold: g, predicted: l.label, score: l.score });
      }
    }
    return {
      sentence: score(polar),
      detection: detectionScores(ASPECTS, det),
      aspectPolarity: score(aspects),
      aspectPolarityGold: aspectGold,
    };
  });
}

const pct = (x: number) => `${(x * 100).toFixed(1)} %`;

function confusionLines(s: Scores): string[] {
  const lines = ['gold \\ predicted   negative  neutral  positive'];
  for (const g of LABELS) {
    const row = s.confusion[g];
    if (row.negative + row.neutral + row.positive === 0) continue;
    lines.push(
      `${g.padEnd(18)}${String(row.negative).padStart(9)}${String(row.neutral).padStart(9)}${String(row.positive).padStart(10)}`,
    );
  }
  return lines;
}

/** `loopcx text eval --aspects`: the shipped model and restaurant pack on one part of the English aspect split. */
export function absaReport(r: AbsaScores, title: string): string {
  const d = r.detection;
  const lines = [
    title,
    '',
    `sentence polarity   ${r.sentence.n} sentences, accuracy (sign of the score) ${pct(r.sentence.polarityAccuracy)}, 3-class label accuracy ${pct(r.sentence.accuracy)}`,
    ...confusionLines(r.sentence),
    '',
    'aspect detection    precision  recall  F1      (tp / predicted / gold)',
    ...[...ASPECTS.map((a) => [a, d.perClass[a]] as const), ['micro', d.micro] as const].map(
      ([name, x]) =>
        `${name.padEnd(20)}${pct(x.precision).padStart(9)}${pct(x.recall).padStart(9)}${pct(x.f1).padStart(8)}   (${x.tp} / ${x.predicted} / ${x.gold})`,
    ),
    '',
    `aspect polarity     macro-F1 ${pct(r.aspectPolarity.macroF1)}, accuracy ${pct(r.aspectPolarity.accuracy)} over ${r.aspectPolarity.n} detected of ${r.aspectPolarityGold} gold aspects with one polarity`,
    ...confusionLines(r.aspectPolarity),
  ];
  return `${lines.join('\n')}\n`;
}

/**
 * `loopcx text eval --triage`: per-class precision/recall/F1, macro-F1 and the confusion table (rows gold,
 * columns predicted) of the shipped triage model on labelled texts (the held-out split unless a file is given).
 */
export function triageReport(s: TriageScores, title: string): string {
  const p = (x: number) => `${(100 * x).toFixed(1)} %`;
  const head = TRIAGE_CLASSES.map((c) => c.slice(0, 10).padStart(11)).join('');
  const lines = [
    title,
    '',
    `texts       ${s.n}`,
    `accuracy    ${p(s.accuracy)}`,
    `macro-F1    ${p(s.macroF1)}`,
    '',
    'class         precision   recall       F1   support',
    ...TRIAGE_CLASSES.map((c) => {
      const x = s.perClass[c];
      return `${c.padEnd(12)}${p(x.precision).padStart(11)}${p(x.recall).padStart(9)}${p(x.f1).padStart(9)}${String(x.support).padStart(10)}`;
    }),
    '',
    `gold \\ predicted${head}`,
    ...TRIAGE_CLASSES.map(
      (g) => `${g.padEnd(16)}${TRIAGE_CLASSES.map((c) => String(s.confusion[g][c]).padStart(11)).join('')}`,
    ),
  ];
  return `${lines.join('\n')}\n`;
}

/** Parses `{"text","label"}` JSON lines with triage labels (the format of train/triage/*.jsonl). */
export function parseTriageLabelled(content: string, file: string): TriageExample[] {
  const out: TriageExample[] = [];
  const lines = content.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].trim();
    if (!line) continue;
    let row: { text?: unknown; label?: unknown };
    try {
      row = JSON.parse(line);
    } catch {
      throw new Error(`${file}:${i + 1}: not JSON`);
    }
    if (typeof row.text !== 'string') throw new Error(`${file}:${i + 1}: text must be a string`);
    if (!TRIAGE_CLASSES.includes(row.label as TriageClass))
      throw new Error(`${file}:${i + 1}: label must be one of ${TRIAGE_CLASSES.join(', ')}`);
    out.push({ text: row.text, label: row.label as TriageClass, source: 'handwritten', weight: 1 });
  }
  return out;
}
