import type { EChartsReactProps } from 'echarts-for-react/lib/types';
import { lazy, Suspense } from 'react';

const EChart = lazy(() => import('./EChart.tsx'));

/**
 * An ECharts chart, loaded on first use: ECharts (~130 KB compressed even modular) is a chunk of its own, fetched
 * while the page's numbers and tables already show. Until it arrives the chart's box is kept empty at its size.
 */
export function Chart(props: Omit<EChartsReactProps, 'echarts'>) {
  return (
    <Suspense fallback={<div style={{ height: 300, ...props.style }} className={props.className} />}>
      <EChart {...props} />
    </Suspense>
  );
}
