import { ArrowDownOutlined, ArrowUpOutlined } from '@ant-design/icons';
import { formatSurveyMetric as fmt } from '@loopcx/shared';
import { Card, Col, Statistic, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Chart } from '../../components/Chart.tsx';
import type { MetricRow } from './api.ts';

/** One survey metric's tile: the value (or "too few responses"), n and CI, the change against the previous period, a trend line. */
export function MetricTile(props: {
  metric: string;
  loading: boolean;
  row: MetricRow | undefined;
  spark: Array<{ key: string; value: number | null }>;
}) {
  const { t } = useTranslation('dashboards');
  const { metric: m, row, spark } = props;
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
        <Chart
          style={{ height: 40 }}
          option={{
            grid: { left: 0, right: 0, top: 4, bottom: 0 },
            xAxis: { type: 'category', show: false, data: spark.map((s) => s.key) },
            yAxis: { type: 'value', show: false, scale: true },
            series: [{ type: 'line', data: spark.map((s) => s.value), smooth: true, symbol: 'none' }],
          }}
        />
      </Card>
    </Col>
  );
}
