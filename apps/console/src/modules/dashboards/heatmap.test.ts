import { describe, expect, it } from 'vitest';
import { type HeatCell, heatmapLayout } from './heatmap.ts';

const units = ['华东大区', '华北大区', '华南大区'];
const tps = Array.from({ length: 16 }, (_, i) => `触点 ${i + 1}`);
const cells: HeatCell[] = [
  [0, 0, 80],
  [15, 2, 55],
];

describe('heatmap layout', () => {
  it('keeps touchpoints along the x axis on a desktop', () => {
    const l = heatmapLayout(units, tps, cells, false);
    expect(l.option.xAxis.data).toEqual(tps);
    expect(l.option.yAxis.data).toEqual(units);
    expect(l.option.series[0].data).toEqual(cells);
    expect(l.minWidth).toBeUndefined();
  });

  it('on a phone transposes (few units across, touchpoints down), cuts labels short and keeps cells ≥ 44 px', () => {
    const l = heatmapLayout(units, tps, cells, true);
    expect(l.option.xAxis.data).toEqual(units);
    expect(l.option.yAxis.data).toEqual(tps);
    expect(l.option.series[0].data).toEqual([
      [0, 0, 80],
      [2, 15, 55],
    ]);
    expect(l.option.yAxis.axisLabel.overflow).toBe('truncate');
    expect(l.minWidth).toBeGreaterThanOrEqual(3 * 44);
    expect(l.height).toBeGreaterThanOrEqual(16 * 32);
  });
});
