// `npm run train:sentiment [-- --corrections FILE …] [--data DIR] [--out FILE] [--quick]`: trains the shipped
// sentiment model from ../shared/data/text (plus user corrections) and writes
// apps/server/src/text-engine/model/sentiment.json.gz with its held-out evaluation. See text-engine/MODEL.md.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { MODEL_PATH } from '../apps/server/src/text-engine/model.ts';
import { HYPER, trainSentimentModel } from '../apps/server/src/text-engine/train/build-model.ts';
import { type Example, parseCorrections } from '../apps/server/src/text-engine/train/corpus.ts';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const { values } = parseArgs({
  options: {
    data: { type: 'string', default: join(root, '..', 'shared', 'data', 'text') },
    corrections: { type: 'string', multiple: true },
    'correction-weight': { type: 'string' },
    out: { type: 'string', default: MODEL_PATH },
    quick: { type: 'boolean' },
  },
  strict: true,
});

const weight = values['correction-weight'] ? Number(values['correction-weight']) : HYPER.correctionWeight;
if (!(weight > 0)) throw new Error('--correction-weight must be a positive number');
const corrections: Example[] = [];
for (const f of values.corrections ?? []) corrections.push(...parseCorrections(readFileSync(f, 'utf8'), f, weight));

const result = trainSentimentModel({
  dataDir: resolve(values.data),
  corrections,
  evaluate: !values.quick,
  log: (line) => console.log(line),
});
mkdirSync(dirname(resolve(values.out)), { recursive: true });
writeFileSync(resolve(values.out), result.gz);
console.log(`wrote ${values.out} (${result.gz.length} bytes, ${result.file.version})`);
