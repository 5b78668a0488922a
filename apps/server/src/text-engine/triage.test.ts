import { describe, expect, it } from 'vitest';
import { createAnalyzer, restaurantTaxonomy } from './index.ts';
import { loadTriageData } from './train/triage/build.ts';
import { TRIAGE_CLASSES } from './triage.ts';

const analyzer = createAnalyzer({ taxonomy: restaurantTaxonomy });

const CASES: Array<[string, (typeof TRIAGE_CLASSES)[number]]> = [
  // complaints, including one phrased as a question
  ['为什么每次都送错？', 'complaint'],
  ['外卖又晚了一个小时，饭都凉了', 'complaint'],
  ['房间很脏，前台还不理人', 'complaint'],
  ['The burger was cold and the fries were soggy.', 'complaint'],
  // suggestions, one with a complaint in it
  ['建议增加夜间配送', 'suggestion'],
  ['菜品不错，建议多加点辣', 'suggestion'],
  ['Please add Apple Pay.', 'suggestion'],
  // praise
  ['味道很好，下次还来', 'praise'],
  ['Great food, friendly staff!', 'praise'],
  // questions
  ['请问可以开发票吗？', 'question'],
  ['信用卡年费怎么免？', 'question'],
  ['How do I change my delivery address?', 'question'],
  // noise: empty chatter, test strings, spam
  ['无', 'noise'],
  ['没有', 'noise'],
  ['ok', 'noise'],
  ['test', 'noise'],
  ['加微信领红包 13800138000', 'noise'],
];

describe('triage', () => {
  it.each(CASES)('%s → %s', (text, label) => {
    const a = analyzer.analyze(text);
    expect(a.triage).toBe(label);
    expect(a.triageConfidence).toBeGreaterThan(0.2);
    expect(a.triageConfidence).toBeLessThanOrEqual(1);
  });

  it('never throws and calls empty or symbol-only input noise', () => {
    for (const text of ['', '   ', '😀😀', '。。。', 'x'.repeat(30_000)]) {
      expect(TRIAGE_CLASSES).toContain(analyzer.analyze(text).triage);
    }
    expect(analyzer.analyze('').triage).toBe('noise');
    expect(analyzer.analyze('。。。').triage).toBe('noise');
  });

  it('the held-out set is at least 500 labelled texts, none of them trained on, every class present', () => {
    const { train, heldOut } = loadTriageData();
    expect(heldOut.length).toBeGreaterThanOrEqual(500);
    const trained = new Set(train.map((e) => e.text));
    expect(heldOut.filter((e) => trained.has(e.text))).toEqual([]);
    for (const c of TRIAGE_CLASSES) expect(heldOut.some((e) => e.label === c)).toBe(true);
  });
});

describe('loopcx text eval --triage report', () => {
  it('prints per-class precision, recall, F1 and the confusion table (rows gold, columns predicted)', async () => {
    const { parseTriageLabelled, triageReport } = await import('./train/evaluate.ts');
    const { evaluateTriage } = await import('./train/triage/build.ts');
    const { getTriageModel } = await import('./triage.ts');
    const texts = parseTriageLabelled(
      [
        '{"text":"为什么每次都送错？","label":"complaint"}',
        '{"text":"建议增加夜间配送","label":"suggestion"}',
        '{"text":"请问可以开发票吗？","label":"question"}',
        '',
      ].join('\n'),
      'x.jsonl',
    );
    const report = triageReport(evaluateTriage(getTriageModel()!, texts).all, 'check');
    expect(report).toMatch(/texts\s+3/);
    expect(report).toMatch(/macro-F1/);
    expect(report).toMatch(/complaint\s+100\.0 %\s+100\.0 %\s+100\.0 %\s+1/);
    expect(report).toMatch(/question\s+0\s+0\s+0\s+1\s+0/);
    expect(() => parseTriageLabelled('{"text":"x","label":"rant"}', 'bad.jsonl')).toThrow(
      'bad.jsonl:1: label must be one of complaint',
    );
  });
});

describe('triage hot path', () => {
  it('gives exactly the probabilities of the feature definition the training uses', async () => {
    const { triageInputs } = await import('./train/triage/build.ts');
    const { getTriageModel, triageFeatures, triageProbabilities } = await import('./triage.ts');
    const model = getTriageModel()!;
    const { heldOut } = loadTriageData();
    for (const e of heldOut.slice(0, 200)) {
      const { prep, score } = triageInputs(e.text);
      const p = triageProbabilities(model, triageFeatures(prep, score));
      let best = 0;
      for (let k = 1; k < p.length; k++) if (p[k] > p[best]) best = k;
      const fast = analyzer.analyze(e.text);
      expect(fast.triage, e.text).toBe(TRIAGE_CLASSES[best]);
      expect(fast.triageConfidence, e.text).toBe(Math.round(p[best] * 1000) / 1000);
    }
  });
});
