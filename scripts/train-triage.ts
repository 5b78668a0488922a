// `npm run train:triage [-- --corrections FILE …] [--out FILE]`: trains the triage classifier from the project's
// own labelled comments (apps/server/src/text-engine/train/triage/) and writes text-engine/model/triage.json.gz
// with its held-out evaluation. See text-engine/MODEL.md "Triage".
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { buildTriageModel } from '../apps/server/src/text-engine/train/triage/build.ts';
import { TRIAGE_CLASSES, TRIAGE_MODEL_PATH } from '../apps/server/src/text-engine/triage.ts';

const { values } = parseArgs({
  options: {
    corrections: { type: 'string', multiple: true },
    out: { type: 'string', default: TRIAGE_MODEL_PATH },
  },
  strict: true,
});

const { gz, file, evaluation, train, heldOut } = buildTriageModel({
  corrections: values.corrections,
  log: (line) => console.log(line),
});
console.log(`train ${train.length}, held out ${heldOut.length}`);
for (const [part, s] of Object.entries(evaluation)) {
  console.log(`${part}: n=${s.n} accuracy=${s.accuracy} macro-F1=${s.macroF1}`);
  if (part !== 'all') continue;
  for (const c of TRIAGE_CLASSES) console.log(`  ${c}: ${JSON.stringify(s.perClass[c])}`);
  for (const g of TRIAGE_CLASSES)
    console.log(`  ${g.padEnd(10)} ${TRIAGE_CLASSES.map((p) => String(s.confusion[g][p]).padStart(4)).join('')}`);
}
mkdirSync(dirname(resolve(values.out)), { recursive: true });
writeFileSync(resolve(values.out), gz);
console.log(`wrote ${values.out} (${gz.length} bytes, ${file.version})`);
