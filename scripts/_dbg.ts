import { createAnalyzer } from '../apps/server/src/text-engine/analyzer.ts';
import { restaurant } from '../apps/server/src/text-engine/packs/restaurant.ts';
import { absaSplit, loadAbsa } from '../apps/server/src/text-engine/train/absa.ts';
import { RESTAURANT_ASPECT_OF } from '../apps/server/src/text-engine/train/evaluate.ts';
const a = createAnalyzer({ taxonomy: restaurant });
const mode = process.argv[2];
for (const s of absaSplit(loadAbsa('/work/shared/data/text'), 'dev')) {
  const r = a.analyze(s.text, { lang: 'en' });
  const pred = new Map<string, string[]>();
  for (const t of r.topics) { const asp = RESTAURANT_ASPECT_OF[t.topicId]; if (asp) pred.set(asp, [...(pred.get(asp) ?? []), t.topicId + ':' + t.matches.map(m=>m.text).join('/')]); }
  for (const asp of ['food','service','price','ambience']) {
    const g = s.aspects[asp as 'food'] !== undefined; const p = pred.has(asp);
    if (mode === 'fp' && p && !g) console.log('FP', asp, pred.get(asp), '|', s.text);
    if (mode === 'fn' && g && !p && (asp==='price'||asp==='ambience'||asp==='food')) console.log('FN', asp, '|', s.text);
  }
}
