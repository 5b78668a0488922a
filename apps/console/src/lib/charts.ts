/**
 * Chart frames shared by every ECharts chart of the console, so legends and axis names never overlap the plot:
 * the legend sits on its own line at the top (scrolling when it does not fit a phone), axis names get a band
 * under it, and `containLabel` keeps tick labels inside the chart's box whatever their length.
 */
export function chartFrame(opts: { legend?: boolean; axisNames?: boolean; bottomName?: boolean } = {}) {
  const top = (opts.legend ? 32 : 8) + (opts.axisNames ? 24 : 0);
  return {
    legend: opts.legend ? { top: 0, left: 'center', type: 'scroll' as const } : undefined,
    grid: { left: 8, right: 8, top, bottom: opts.bottomName ? 32 : 8, containLabel: true },
  };
}

/** Axis labels that stay short on a phone: cut to `width` px with an ellipsis (the tooltip shows the full name). */
export const shortLabels = (width: number) => ({ width, overflow: 'truncate' as const, ellipsis: '…' });
