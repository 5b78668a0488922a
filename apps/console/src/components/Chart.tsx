import { useIsFetching } from '@tanstack/react-query';
import { Typography } from 'antd';
import type { EChartsReactProps } from 'echarts-for-react/lib/types';
import { Component, lazy, type ReactNode, Suspense, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';

const EChart = lazy(() => import('./EChart.tsx'));

/** Longest a chart waits for the page's data before loading ECharts anyway (a page whose queries never settle). */
const RELEASE_AFTER_MS = 8000;
let released = false;

/**
 * Whether ECharts may load: once the page's first data has arrived (no query fetching), or after RELEASE_AFTER_MS.
 * ECharts is ~180 KB compressed; fetched and parsed while the page's queries are still out, it competed with them
 * for the network and (on a slow phone) the CPU, and delayed the first number on the dashboard. Once released,
 * every later chart loads at once.
 */
function useChartsReleased(): boolean {
  const fetching = useIsFetching();
  // Not on the first render: a page's queries start in effects after it, so "nothing fetching" there is no signal.
  const [mounted, setMounted] = useState(released);
  const [late, setLate] = useState(released);
  useEffect(() => {
    setMounted(true);
    if (released) return;
    const timer = setTimeout(() => setLate(true), RELEASE_AFTER_MS);
    return () => clearTimeout(timer);
  }, []);
  const ready = released || late || (mounted && fetching === 0);
  useEffect(() => {
    if (ready) released = true;
  }, [ready]);
  return ready;
}

function ChartFailed({ height }: { height: number | string }) {
  const { t } = useTranslation();
  return (
    <div style={{ height, display: 'grid', placeItems: 'center' }}>
      <Typography.Text type="secondary">{t('common.chartFailed')}</Typography.Text>
    </div>
  );
}

/** A chart whose code fails to load (a lost connection, a broken build) shows a notice; the page around it stays. */
class ChartBoundary extends Component<{ height: number | string; children: ReactNode }, { failed: boolean }> {
  override state = { failed: false };
  static getDerivedStateFromError() {
    return { failed: true };
  }
  override render() {
    return this.state.failed ? <ChartFailed height={this.props.height} /> : this.props.children;
  }
}

/**
 * An ECharts chart, loaded on first use: ECharts (~180 KB compressed even modular) is a chunk of its own, fetched
 * once the page's numbers and tables show (see useChartsReleased). Until it arrives the chart's box is kept empty
 * at its size.
 */
export function Chart(props: Omit<EChartsReactProps, 'echarts'>) {
  const ready = useChartsReleased();
  const box = <div style={{ height: 300, ...props.style }} className={props.className} />;
  if (!ready) return box;
  return (
    <ChartBoundary height={props.style?.height ?? 300}>
      <Suspense fallback={box}>
        <EChart {...props} />
      </Suspense>
    </ChartBoundary>
  );
}
