import { BarChart, HeatmapChart, LineChart, ScatterChart } from 'echarts/charts';
import {
  GridComponent,
  LegendComponent,
  MarkLineComponent,
  TooltipComponent,
  VisualMapComponent,
} from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer, SVGRenderer } from 'echarts/renderers';
import ReactEChartsCore from 'echarts-for-react/esm/core';
import type { EChartsReactProps } from 'echarts-for-react/lib/types';

// Only the chart types and components the console draws are registered: the full `echarts` entry is ~1.1 MB
// minified (~380 KB gzipped); this set is about a third of it. A page that needs another series type or component
// adds it here. Pages use `Chart` (Chart.tsx), which loads this file on first use, so ECharts is its own chunk.
echarts.use([
  BarChart,
  LineChart,
  ScatterChart,
  HeatmapChart,
  GridComponent,
  TooltipComponent,
  LegendComponent,
  VisualMapComponent,
  MarkLineComponent,
  CanvasRenderer,
  // The driver chart draws as SVG so its labels (question titles) are page text.
  SVGRenderer,
]);

/** An ECharts chart (echarts-for-react over the modular ECharts core registered above). */
export default function EChart(props: Omit<EChartsReactProps, 'echarts'>) {
  return <ReactEChartsCore echarts={echarts} {...props} />;
}
