import { formatSurveyMetric as fmt, type TDashboardConfig, type TSavedDashboardResponse } from '@loopcx/shared';
import { Alert, Badge, Breadcrumb, Card, Col, Grid, Row, Segmented, Select, Space, Table, Typography } from 'antd';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router-dom';
import { Chart } from '../../components/Chart.tsx';
import { chartFrame } from '../../lib/charts.ts';
import { dismissFirstPaint } from '../../lib/first-paint.ts';
import { useLiveEvents } from '../../lib/live.ts';
import { uiLang } from '../../lib/locale.ts';
import { useMe } from '../../lib/me.tsx';
import { unitName, useOrgUnits } from '../../lib/org.ts';
import { useTenantTime } from '../../lib/time.ts';
import { useTouchpoints } from '../journeys/api.ts';
import { useUnitTargets } from '../targets/api.ts';
import { currentMonth } from '../targets/periods.ts';
import { TargetStatusTag } from '../targets/StatusTag.tsx';
import {
  type MetricScope,
  useDrivers,
  useHeatmap,
  useMetricRanking,
  useMetricRefresh,
  useMetricTiles,
  useMetricTrends,
  useTouchpointBreakdown,
} from './api.ts';
import { CustomerGroupFilter } from './CustomerGroupFilter.tsx';
import { FormulaTiles, formatMetric, useFormulaMetrics } from './FormulaTiles.tsx';
import { type HeatCell, heatmapLayout } from './heatmap.ts';
import { MetricTile } from './MetricTile.tsx';
import { OutcomeTiles } from './OutcomeTiles.tsx';
import { SavedDashboards } from './SavedDashboards.tsx';

const METRICS = ['nps', 'csat', 'ces', 'responses'] as const;
/** The service-QA indicators a store ranking can show; a store's row drills into its items on the indicators page. */
const AUDIT_METRICS = ['audit.fatal_error_rate', 'audit.general_error_rate', 'audit.score'] as const;
export function DashboardPage() {
  const { t, i18n } = useTranslation('dashboards');
  const me = useMe();
  const phone = !Grid.useBreakpoint().md;
  const units = useOrgUnits();
  // Filters come from the URL (the journey map links here with ?touchpointId=&orgUnitId=&days=, the home page's
  // metric movers with ?orgUnitId=&days=7&metric=) or a saved view.
  const [params] = useSearchParams();
  const [unitId, setUnitId] = useState(params.get('orgUnitId') ?? me.orgUnit.id);
  const [days, setDays] = useState(Number(params.get('days')) || 30);
  const [touchpointId, setTouchpointId] = useState<string | undefined>(params.get('touchpointId') ?? undefined);
  const [rankMetric, setRankMetric] = useState<string>(params.get('metric') ?? 'nps');
  const [metrics, setMetrics] = useState<string[]>([...METRICS]);
  const [sections, setSections] = useState<TDashboardConfig['sections']>([
    'tiles',
    'ranking',
    'trend',
    'drivers',
    'heatmap',
  ]);
  const [saved, setSaved] = useState<TSavedDashboardResponse | undefined>();
  // X → O tiles come with a saved dashboard only (decision 78).
  const [outcomes, setOutcomes] = useState<NonNullable<TDashboardConfig['outcomes']>>([]);
  // The last `days` days of the tenant's calendar, today included (to is exclusive).
  const { from, to } = useTenantTime().lastDays(days);
  // A customer tier or segment narrows the survey metrics (customer-group rollups); formula metrics ignore it.
  const [group, setGroup] = useState<string | undefined>(params.get('customerGroup') ?? undefined);
  const scope: MetricScope = { unitId, days, from, to, touchpointId, group };
  const tpList = useTouchpoints();
  const applySaved = (d: TSavedDashboardResponse) => {
    setSaved(d);
    setUnitId(d.effectiveOrgUnitId);
    if ('days' in d.config.period) setDays(d.config.period.days);
    setTouchpointId(d.config.touchpointId ?? undefined);
    setRankMetric(d.config.rankMetric);
    setMetrics(d.config.metrics);
    setSections(d.config.sections);
    setOutcomes(d.config.outcomes ?? []);
  };
  const currentConfig = (): TDashboardConfig => ({
    metrics,
    orgUnitId: unitId === me.orgUnit.id ? null : unitId,
    touchpointId: touchpointId ?? null,
    period: { days },
    rankMetric,
    sections,
    ...(outcomes.length ? { outcomes } : {}),
  });

  const tiles = useMetricTiles(scope, metrics);
  // Targets of this month for the unit and its children: a marker on each tile, a column in the ranking.
  const month = currentMonth(useTenantTime().today());
  const targetMetrics = [...new Set([...metrics, rankMetric])];
  const targets = useUnitTargets(targetMetrics, month, unitId);
  const targetOf = (metric: string, id: string) =>
    targets[targetMetrics.indexOf(metric)]?.data?.items.find((r) => r.orgUnitId === id);
  // The server's first numbers give way to the tiles once they have answered (or failed), and to any other page.
  const tilesSettled = tiles.every((q) => !q.isLoading);
  useEffect(() => {
    if (tilesSettled || !sections.includes('tiles')) dismissFirstPaint();
  }, [tilesSettled, sections]);
  useEffect(() => dismissFirstPaint, []);
  // Weekly points up to a quarter; longer periods trend by month (read from the monthly rollups).
  const trendBy = days > 92 ? 'month' : 'week';
  const sparks = useMetricTrends(scope, metrics, trendBy);
  // Defined formula metrics (e.g. cpo) can be ranked too; they format by their definition.
  const defined = (useFormulaMetrics().data ?? []).filter((d) => !d.builtin && d.status === 'active');
  const rankDef = defined.find((d) => d.key === rankMetric);
  // Department tasks' on-time rate (the problems domain's metric) ranks units too, for whoever may read problems.
  const taskMetric = rankMetric === 'tasks.on_time_rate';
  const auditMetric = rankMetric.startsWith('audit.');
  const rankFmt = (v: number | null) =>
    rankDef
      ? formatMetric(rankDef, v)
      : taskMetric
        ? formatMetric({ format: 'percent', decimals: 0 }, v)
        : auditMetric
          ? formatMetric({ format: rankMetric === 'audit.score' ? 'number' : 'percent', decimals: 1 }, v)
          : fmt(rankMetric, v);
  const navigate = useNavigate();
  // A unit without children drills down: for an audit indicator into its items (and their failing audits).
  const drill = (id: string) => {
    if (units.data?.some((u) => u.parentId === id)) setUnitId(id);
    else if (auditMetric) navigate(`/quality/indicators?unit=${id}&metric=${rankMetric}&days=${days}`);
  };
  const ranking = useMetricRanking(scope, rankMetric);
  // An analysis over up to 50,000 responses: loaded with the page, not re-run for every live response.
  const drivers = useDrivers(scope);
  const touchpoints = useTouchpointBreakdown(scope);
  const heat = useHeatmap(scope, touchpoints.data?.rows ?? []);

  // Live: committed responses in scope arrive over SSE. Tiles and their trend lines refresh at most every 300 ms,
  // counted from the first event (a debounce restarted by every event would never fire under steady traffic), so a
  // response moves them within a second; the ranking, touchpoint breakdown and heatmap (11 requests) every 5 s.
  const timers = useRef<{ fast?: number; slow?: number }>({});
  const refreshMetrics = useMetricRefresh();
  const live = useLiveEvents(['responses', 'events'], () => {
    timers.current.fast ??= window.setTimeout(() => {
      timers.current.fast = undefined;
      refreshMetrics.tiles();
    }, 300);
    timers.current.slow ??= window.setTimeout(() => {
      timers.current.slow = undefined;
      refreshMetrics.rest();
    }, 5000);
  });
  // Pending refreshes die with the page.
  useEffect(
    () => () => {
      window.clearTimeout(timers.current.fast);
      window.clearTimeout(timers.current.slow);
      timers.current = {};
    },
    [],
  );

  // The trend chart shows NPS and CSAT: from the tiles' weekly series when those metrics are on the dashboard.
  const trendOf = (m: string) => (metrics.includes(m) ? (sparks[metrics.indexOf(m)]?.data?.rows ?? []) : []);
  const byId = useMemo(() => new Map((units.data ?? []).map((u) => [u.id, u])), [units.data]);
  const current = byId.get(unitId);
  const crumbs = (current?.path ?? '')
    .split('/')
    .filter(Boolean)
    .map((id) => byId.get(id))
    .filter((u): u is NonNullable<typeof u> => !!u);
  const children = (units.data ?? []).filter((u) => u.parentId === unitId);
  const heatUnits = children.map((c) => unitName(c, i18n.language));
  const heatTps = heat.map((h) => h.data?.tp.label ?? '');
  const heatData = heat.flatMap((h, x) =>
    (h.data?.rows ?? [])
      .map((r): HeatCell => [x, heatUnits.indexOf(r.label), r.value === null ? '-' : Math.round(r.value)])
      .filter((d) => d[1] >= 0),
  );
  const heatLayout = heatmapLayout(heatUnits, heatTps, heatData, phone);

  return (
    <div>
      <Space style={{ marginBottom: 12, flexWrap: 'wrap' }}>
        <Typography.Title level={4} style={{ margin: 0 }}>
          {t('title')}
        </Typography.Title>
        <Badge status={live ? 'processing' : 'default'} text={t('live')} />
        <Segmented
          value={days}
          onChange={(v) => setDays(Number(v))}
          options={[...new Set([7, 30, 90, days])]
            .sort((a, b) => a - b)
            .map((d) => ({ value: d, label: [7, 30, 90].includes(d) ? t(`d${d}`) : t('dN', { n: d }) }))}
        />
        <Select
          style={{ minWidth: 160 }}
          allowClear
          placeholder={t('allTouchpoints')}
          value={touchpointId}
          onChange={(v) => setTouchpointId(v)}
          data-testid="touchpoint-filter"
          options={(tpList.data ?? []).map((tp) => ({
            value: tp.id,
            label: i18n.language === 'en' && tp.nameEn ? tp.nameEn : tp.name,
          }))}
        />
        {me.can('customers.read') && <CustomerGroupFilter value={group} onChange={setGroup} />}
        <SavedDashboards selected={saved?.id} current={currentConfig} onApply={applySaved} />
      </Space>
      {saved?.clipped && <Alert type="info" showIcon style={{ marginBottom: 12 }} message={t('saved.clipped')} />}
      <Breadcrumb
        style={{ marginBottom: 12 }}
        items={crumbs.map((u) => ({ title: <a onClick={() => setUnitId(u.id)}>{unitName(u, i18n.language)}</a> }))}
      />
      {sections.includes('tiles') && (
        <Row gutter={[12, 12]}>
          {metrics.map((m, i) => (
            <MetricTile
              key={m}
              metric={m}
              loading={tiles[i].isLoading}
              row={tiles[i].data?.rows[0]}
              spark={sparks[i].data?.rows ?? []}
              target={targetOf(m, unitId)}
            />
          ))}
        </Row>
      )}
      {sections.includes('tiles') && (
        <FormulaTiles unitId={unitId} from={from} to={to} days={days} touchpointId={touchpointId} />
      )}
      <OutcomeTiles tiles={outcomes} unitId={unitId} />
      <Row gutter={[12, 12]} style={{ marginTop: 12 }}>
        {sections.includes('ranking') && (
          <Col xs={24} lg={12}>
            <Card
              size="small"
              title={t('ranking')}
              extra={
                <Select
                  size="small"
                  value={rankMetric}
                  onChange={setRankMetric}
                  data-testid="ranking-metric"
                  popupMatchSelectWidth={false}
                  options={[
                    ...METRICS.map((m) => ({ value: m, label: m.toUpperCase() })),
                    ...defined.map((d) => ({
                      value: d.key,
                      label: i18n.language === 'en' ? (d.nameEn ?? d.name) : d.name,
                    })),
                    ...(me.can('problems.read') ? [{ value: 'tasks.on_time_rate', label: t('onTimeRate') }] : []),
                    ...(me.can('inspections.read')
                      ? AUDIT_METRICS.map((m) => ({ value: m, label: t(`audit.${m.slice(6)}`) }))
                      : []),
                  ]}
                />
              }
            >
              <Table
                size="small"
                rowKey="key"
                pagination={false}
                loading={ranking.isLoading}
                dataSource={ranking.data?.rows ?? []}
                onRow={(r) => ({
                  onClick: () => byId.get(r.key) && drill(r.key),
                  style: { cursor: 'pointer' },
                  'data-testid': `rank-row-${r.key}`,
                })}
                columns={[
                  {
                    title: t('unit'),
                    render: (_, r) => {
                      const u = byId.get(r.key);
                      return u ? unitName(u, i18n.language) : r.label;
                    },
                  },
                  {
                    title: taskMetric
                      ? t('onTimeRate')
                      : auditMetric
                        ? t(`audit.${rankMetric.slice(6)}`)
                        : rankMetric.toUpperCase(),
                    render: (_, r) =>
                      r.suppressed ? (
                        <Typography.Text type="secondary">{t('hidden')}</Typography.Text>
                      ) : (
                        rankFmt(r.value)
                      ),
                  },
                  rankDef
                    ? {
                        title: t('ratio'),
                        align: 'right',
                        render: (_, r) =>
                          r.denominator == null ? `${t('n')} ${r.n}` : `${r.numerator} ÷ ${r.denominator}`,
                      }
                    : { title: t('n'), dataIndex: 'n', align: 'right' },
                  {
                    title: t('monthTarget'),
                    render: (_, r) => {
                      const goal = targetOf(rankMetric, r.key);
                      if (!goal || goal.target === null) return '—';
                      return (
                        <span data-testid={`rank-target-${r.key}`}>
                          <Typography.Text type={goal.inherited ? 'secondary' : undefined}>
                            {rankFmt(goal.target)}
                          </Typography.Text>{' '}
                          <TargetStatusTag status={goal.status} />
                        </span>
                      );
                    },
                  },
                  {
                    title: t('gap'),
                    render: (_, r) => {
                      if (r.gapToParent == null) return '—';
                      // Green when the gap is in the good direction (lower-is-better metrics such as CPO or error rates: below).
                      const lower = rankDef?.direction === 'lower' || rankMetric.endsWith('_error_rate');
                      const good = lower ? r.gapToParent < 0 : r.gapToParent > 0;
                      return (
                        <span style={{ color: r.significantGap ? (good ? '#389e0d' : '#cf1322') : undefined }}>
                          {r.gapToParent > 0 ? '▲' : '▼'}{' '}
                          {rankDef
                            ? formatMetric(rankDef, Math.abs(r.gapToParent))
                            : Math.abs(r.gapToParent).toFixed(1)}
                          {r.significantGap ? ' *' : ''}
                        </span>
                      );
                    },
                  },
                ]}
              />
            </Card>
          </Col>
        )}
        {sections.includes('trend') && (
          <Col xs={24} lg={12}>
            <Card size="small" title={t('trend')}>
              <Chart
                style={{ height: 280 }}
                option={{
                  tooltip: { trigger: 'axis' },
                  ...chartFrame({ legend: true, axisNames: true }),
                  xAxis: {
                    type: 'category',
                    data: (trendOf('nps').length ? trendOf('nps') : trendOf('csat')).map((r) => r.key),
                  },
                  yAxis: [
                    { type: 'value', name: 'NPS' },
                    { type: 'value', name: 'CSAT %', min: 0, max: 100 },
                  ],
                  series: [
                    {
                      name: 'NPS',
                      type: 'line',
                      data: trendOf('nps').map((r) => (r.value === null ? null : Number(r.value.toFixed(1)))),
                    },
                    {
                      name: 'CSAT %',
                      type: 'line',
                      yAxisIndex: 1,
                      data: trendOf('csat').map((r) => (r.value === null ? null : Number(r.value.toFixed(1)))),
                    },
                  ],
                }}
              />
            </Card>
          </Col>
        )}
      </Row>
      {sections.includes('drivers') && (drivers.data?.drivers.length ?? 0) > 0 && (
        <Card
          size="small"
          title={`${t('drivers')} (R² ${drivers.data!.r2!.toFixed(2)}, n ${drivers.data!.n})`}
          style={{ marginTop: 12 }}
          data-testid="drivers-chart"
        >
          <Chart
            // SVG: the driver labels are question titles a reader (and the browser test) finds as text.
            opts={{ renderer: 'svg' }}
            style={{ height: 300 }}
            option={{
              tooltip: {
                formatter: (p: { data: [number, number, string] }) =>
                  `${p.data[2]}<br/>${t('importance')} ${p.data[1].toFixed(1)}%<br/>${t('performance')} ${p.data[0].toFixed(0)}`,
              },
              ...chartFrame({ axisNames: true, bottomName: true }),
              xAxis: { name: t('performance'), min: 0, max: 100, nameLocation: 'middle', nameGap: 28 },
              yAxis: { name: t('importance'), min: 0 },
              series: [
                {
                  type: 'scatter',
                  symbolSize: 18,
                  data: drivers.data!.drivers.map((d) => [d.performance, d.share, d.titles[uiLang(i18n.language)]]),
                  label: {
                    show: true,
                    formatter: (p: { data: [number, number, string] }) => p.data[2],
                    position: 'right',
                  },
                  markLine: {
                    silent: true,
                    symbol: 'none',
                    lineStyle: { type: 'dashed' },
                    data: [{ xAxis: 50 }, { yAxis: 100 / drivers.data!.drivers.length }],
                  },
                },
              ],
            }}
          />
        </Card>
      )}
      {sections.includes('heatmap') && children.length > 0 && heatTps.length > 0 && (
        <Card size="small" title={t('heatmap')} style={{ marginTop: 12 }} data-testid="heatmap">
          <div style={{ overflowX: 'auto' }} data-testid="heatmap-scroll">
            <Chart style={{ height: heatLayout.height, minWidth: heatLayout.minWidth }} option={heatLayout.option} />
          </div>
        </Card>
      )}
    </div>
  );
}
