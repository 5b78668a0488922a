import { createAnalyzer } from '../analyzer.ts';
import { DEFAULT_CALIBRATION, getModel, peekModel, type SentimentModel, setModel } from '../model.ts';
import type { SentimentLabel } from '../sentiment.ts';
import { LABELS, type Scores, score } from './metrics.ts';

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
