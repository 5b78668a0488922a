import { ArrowDownOutlined, ArrowUpOutlined } from '@ant-design/icons';
import { formatSurveyMetric as fmt } from '@loopcx/shared';
import { Card, Col, Statistic, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Chart } from '../../components/Chart.tsx';
import type { TargetRow } from '../targets/api.ts';
import { TargetStatusTag } from '../targets/StatusTag.tsx';
import type { MetricRow } from './api.ts';

/** One survey metric's tile: the value (or "too few responses"), n and CI, the change against the previous period, a trend line. */
export function MetricTile(props: {
  metric: string;
  loading: boolean;
  row: MetricRow | undefined;
  spark: Array<{ key: string; value: number | null }>;
  /** The unit's effective target this month and its status (from the month so far), when it has one. */
  target?: TargetRow;
}) {
  const { t } = useTranslation('dashboards');
  const { t: tt } = useTranslation('targets');
  const { metric: m, row, spark } = props;
  const goal = props.target?.target ?? null;
  return (
    <Col xs={12} md={6}>
      <Card size="small" loading={props.loading} data-testid={`tile-${m}`}>
        <Statistic
          title={m === 'responses' ? t('responses') : m.toUpperCase()}
          value={row?.suppressed ? t('hidden') : fmt(m, row?.value ?? null)}
          valueStyle={{ fontSize: row?.suppressed ? 14 : 24 }}
        />
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t('n')} {row?.n ?? 0}
          {row?.ci ? ` · 95% CI ${fmt(m, row.ci[0])}–${fmt(m, row.ci[1])}` : ''}
        </Typography.Text>
        {row?.change != null && (
          <div style={{ fontSize: 12 }}>
            {t('vsPrev')}{' '}
            {row.change >= 0 ? (
              <ArrowUpOutlined style={{ color: '#389e0d' }} />
            ) : (
              <ArrowDownOutlined style={{ color: '#cf1322' }} />
            )}{' '}
            {fmt(m, Math.abs(row.change))}
            {row.significant && (
              <Tag color="red" style={{ marginLeft: 4 }}>
                {t('significant')}
              </Tag>
            )}
          </div>
        )}
        {goal !== null && (
          <div style={{ fontSize: 12, marginTop: 2 }} data-testid={`tile-target-${m}`}>
            <Typography.Text type={props.target?.inherited ? 'secondary' : undefined} style={{ fontSize: 12 }}>
              {tt('monthTarget', { value: fmt(m, goal) })}
            </Typography.Text>{' '}
            <TargetStatusTag status={props.target?.status} />
          </div>
        )}
        <Chart
          style={{ height: 40 }}
          option={{
            grid: { left: 0, right: 0, top: 4, bottom: 0 },
            xAxis: { type: 'category', show: false, data: spark.map((s) => s.key) },
            // The target's line stays in view: the axis stretches to include it.
            yAxis: {
              type: 'value',
              show: false,
              scale: true,
              ...(goal === null
                ? {}
                : {
                    min: (v: { min: number }) => Math.min(v.min, goal),
                    max: (v: { max: number }) => Math.max(v.max, goal),
                  }),
            },
            series: [
              {
                type: 'line',
                data: spark.map((s) => s.value),
                smooth: true,
                symbol: 'none',
                ...(goal === null
                  ? {}
                  : {
                      markLine: {
                        silent: true,
                        symbol: 'none',
                        label: { show: false },
                        lineStyle: { type: 'dashed', color: '#fa541c' },
                        data: [{ yAxis: goal }],
                      },
                    }),
              },
            ],
          }}
        />
      </Card>
    </Col>
  );
}
