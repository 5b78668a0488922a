import { describe, expect, it } from 'vitest';
import { REASONS, reasonText } from './reasons.ts';

describe('problem reasons', () => {
  it('word every code in both languages with the same parameters', () => {
    const names = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    for (const [code, { en, zh }] of Object.entries(REASONS)) {
      expect(names(zh), code).toEqual(names(en));
      expect(zh, code).toMatch(/[\u4e00-\u9fff]/);
    }
  });

  it('fill the parameters and name the field in the reader language', () => {
    const r = { code: 'answer.out_of_range', params: { min: 0, max: 10, field: 'nps' } } as const;
    expect(reasonText(r)).toBe('nps: must be between 0 and 10');
    expect(reasonText(r, 'zh-CN')).toBe('nps: 必须在 0 到 10 之间');
    expect(reasonText({ code: 'cell.not_choice', params: { value: '{x}', question: 'q1' } }, 'zh')).toBe(
      '“{x}”不是 q1 的选项',
    );
  });
});
