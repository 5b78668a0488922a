import { describe, expect, it } from 'vitest';
import { assignClusters, nearDuplicates, signatureOf } from './near-duplicates.ts';

describe('near-duplicates', () => {
  it('clusters the same complaint with small edits and exact copies', () => {
    expect(nearDuplicates('送餐太慢了，等了一个小时', '送餐太慢了!!等了一个多小时')).toBe(true);
    expect(nearDuplicates('送餐太慢了，等了一个小时', '送餐太慢了，等了一个小时')).toBe(true);
    // Traditional characters, full-width punctuation and spaces are normalised away.
    expect(nearDuplicates('送餐太慢了，等了一個小時', '送餐太慢了 等了一个小时。')).toBe(true);
    expect(
      nearDuplicates('The delivery was so slow, waited an hour', 'the delivery was SO slow!! waited an hour'),
    ).toBe(true);
  });

  it('keeps different complaints apart, even about the same topic', () => {
    expect(nearDuplicates('送餐太慢了，等了一个小时', '菜太咸了，根本没法吃')).toBe(false);
    expect(nearDuplicates('送餐太慢了，等了一个小时', '骑手态度很差，还把汤洒了')).toBe(false);
    expect(nearDuplicates('送餐太慢了，等了一个小时', '配送速度挺快的，半小时就到了')).toBe(false);
    expect(nearDuplicates('The delivery was so slow, waited an hour', 'The soup was cold and too salty')).toBe(false);
  });

  it('does not cluster texts too short to be a need', () => {
    expect(signatureOf('好').bands).toEqual([]);
    expect(signatureOf('ok').bands).toEqual([]);
    expect(nearDuplicates('好', '好')).toBe(false);
  });

  it('assigns a batch: near-duplicates join one cluster, an existing cluster is found by its band keys', () => {
    const existing = signatureOf('送餐太慢了，等了一个小时');
    let n = 0;
    const { assigned, created } = assignClusters(
      [
        signatureOf('送餐太慢了!!等了一个多小时'),
        signatureOf('菜太咸了，根本没法吃'),
        signatureOf('菜太咸了！根本没法吃啊'),
        signatureOf('好'),
      ],
      [{ id: 'c-old', bands: existing.bands, shingles: existing.shingles }],
      () => `c-new-${++n}`,
    );
    expect(assigned).toEqual(['c-old', 'c-new-1', 'c-new-1', null]);
    expect(created).toEqual([{ id: 'c-new-1', index: 1 }]);
  });

  it('band keys are deterministic (they are stored and looked up later)', () => {
    expect(signatureOf('送餐太慢了，等了一个小时').bands).toEqual(signatureOf('送餐太慢了，等了一个小时').bands);
    expect(signatureOf('送餐太慢了，等了一个小时').bands).toHaveLength(10);
  });
});
