import { shortLabels } from '../../lib/charts.ts';

/** One cell: [touchpoint index, unit index, CSAT % or '-']. */
export type HeatCell = [number, number, number | string];

const CELL = 44;

/**
 * The unit × touchpoint heatmap's layout. On a desktop, touchpoints run along the x axis and units down the y axis.
 * On a phone (< 768 px) sixteen touchpoint columns cannot be read, so the chart is transposed (touchpoints down the
 * side, the few child units across), labels are cut short, and each cell keeps at least 44 px: when the columns
 * still do not fit, the chart is wider than the screen and its card scrolls sideways instead of squeezing the cells.
 */
export function heatmapLayout(units: string[], tps: string[], cells: HeatCell[], phone: boolean) {
  const transpose = phone;
  const cols = transpose ? units : tps;
  const rows = transpose ? tps : units;
  const data = transpose ? cells.map(([x, y, v]) => [y, x, v]) : cells;
  const labelWidth = phone ? 84 : 140;
  return {
    // The card's content width on a phone is ~340 px: a wider chart scrolls within the card.
    minWidth: phone ? labelWidth + 24 + cols.length * CELL : undefined,
    height: Math.max(220, rows.length * (phone ? 32 : 28) + 90),
    option: {
      tooltip: {
        position: 'top',
        formatter: (p: { data: [number, number, number | string] }) =>
          `${rows[p.data[1]]} · ${cols[p.data[0]]}<br/>CSAT ${p.data[2]}${p.data[2] === '-' ? '' : '%'}`,
      },
      grid: { left: 8, right: 8, top: 8, bottom: 8, containLabel: true },
      xAxis: {
        type: 'category',
        data: cols,
        position: phone ? 'top' : 'bottom',
        axisLabel: {
          interval: 0,
          rotate: phone ? 0 : 30,
          fontSize: phone ? 11 : 12,
          ...shortLabels(phone ? CELL * 1.6 : 120),
        },
      },
      yAxis: {
        type: 'category',
        data: rows,
        inverse: phone,
        axisLabel: { interval: 0, fontSize: phone ? 11 : 12, ...shortLabels(labelWidth) },
      },
      visualMap: { min: 40, max: 100, inRange: { color: ['#cf1322', '#faad14', '#52c41a'] }, show: false },
      series: [{ type: 'heatmap', data, label: { show: true, fontSize: phone ? 11 : 12 } }],
    },
  };
}
