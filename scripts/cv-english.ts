// `node --import tsx scripts/cv-english.ts [--data DIR] [--folds 5] [--only 0,1]`: k-fold cross-validation of the
// whole training run on the English restaurant sentences of the aspect split's train and dev parts (its test part
// is never read). Each fold retrains the model without one fold's sentences (training and validation), then scores
// them with the full analyzer: accuracy by the sign of the score (the issue-24 rule) and by the three-class label.
// ~35 s per fold on 2 cores. A change to the English model is worth keeping when this figure moves, not when the
// 309-sentence dev part does (text-engine/MODEL.md, "Leaning neutral texts").
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { createAnalyzer } from '../apps/server/src/text-engine/analyzer.ts';
import { setModel } from '../apps/server/src/text-engine/model.ts';
import { absaPart, loadAbsa } from '../apps/server/src/text-engine/train/absa.ts';
import { trainSentimentModel } from '../apps/server/src/text-engine/train/build-model.ts';
import { draw } from '../apps/server/src/text-engine/train/corpus.ts';

const { values } = parseArgs({
  options: {
    data: {
      type: 'string',
      default: join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'shared', 'data', 'text'),
    },
    folds: { type: 'string', default: '5' },
    only: { type: 'string' },
  },
  strict: true,
});
const k = Number(values.folds);
if (!Number.isInteger(k) || k < 2) throw new Error('--folds must be an integer ≥ 2');
const folds = values.only ? values.only.split(',').map(Number) : Array.from({ length: k }, (_, i) => i);
if (folds.some((f) => !Number.isInteger(f) || f < 0 || f >= k)) throw new Error(`--only takes folds 0…${k - 1}`);

const CV_SEED = 777;
const foldOf = (text: string) => Math.floor(draw(text, CV_SEED) * k);
const sentences = loadAbsa(values.data).filter((s) => absaPart(s) !== 'test' && s.polarity);

let n = 0;
let bySign = 0;
let byLabel = 0;
for (const fold of folds) {
  const { model } = trainSentimentModel({ dataDir: values.data, leaveOut: (t) => foldOf(t) === fold });
  setModel(model);
  const analyzer = createAnalyzer({ taxonomy: { topics: [] } });
  let fn = 0;
  let fSign = 0;
  for (const s of sentences) {
    if (foldOf(s.text) !== fold) continue;
    const { label, score } = analyzer.analyze(s.text, { lang: 'en' }).sentiment;
    fn++;
    if (s.polarity === 'positive' ? score > 0 : score < 0) fSign++;
    if (label === s.polarity) byLabel++;
  }
  n += fn;
  bySign += fSign;
  console.log(
    `fold ${fold}: ${fSign}/${fn} = ${((fSign / fn) * 100).toFixed(1)} % by sign; calibration en ${JSON.stringify(model.calibration.en)}`,
  );
}
const pct = (x: number) => `${((x / n) * 100).toFixed(2)} %`;
console.log(
  `${n} sentences in ${folds.length} folds: by sign ${bySign}/${n} = ${pct(bySign)}; by label ${pct(byLabel)}`,
);
