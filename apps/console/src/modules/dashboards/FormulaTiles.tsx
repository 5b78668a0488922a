import { ArrowDownOutlined, ArrowUpOutlined } from '@ant-design/icons';
import { Card, Col, Row, Statistic, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { type MetricDef, useMetricDefinitions } from '../metric-defs/api.ts';
import { useFormulaTiles } from './api.ts';

/** A defined metric's value as its definition says (ratio/number/percent/currency, decimals). */
export function formatMetric(
  def: Pick<MetricDef, 'format' | 'decimals'> | undefined,
  v: number | null | undefined,
): string {
  if (v === null || v === undefined) return '—';
  const d = def?.decimals ?? 1;
  if (def?.format === 'percent') return `${v.toFixed(d)}%`;
  if (def?.format === 'currency') return `¥${v.toFixed(d)}`;
  return v.toFixed(d);
}

/** Tenant formula metrics (e.g. CPO) that dashboards can show and rank by. */
export const useFormulaMetrics = useMetricDefinitions;

/**
 * One tile per active formula metric of the tenant: value with its 95 % CI, the ratio's numerator and denominator,
 * the target (green when met in the metric's direction) and the change against the previous period.
 */
export function FormulaTiles({
  unitId,
  from,
  to,
  days,
  touchpointId,
}: {
  unitId: string;
  from: string;
  to: string;
  days: number;
  touchpointId?: string;
}) {
  const { t, i18n } = useTranslation('dashboards');
  const defs = (useFormulaMetrics().data ?? []).filter((d) => !d.builtin && d.status === 'active');
  const results = useFormulaTiles(defs, { unitId, days, from, to, touchpointId });
  if (!defs.length) return null;
  return (
    <Row gutter={[12, 12]} style={{ marginTop: 12 }}>
      {defs.map((d, i) => {
        const row = results[i].data?.rows[0];
        const met =
          row?.value != null && d.target != null
            ? d.direction === 'lower'
              ? row.value <= d.target
              : row.value >= d.target
            : undefined;
        const better =
          row?.change != null && row.change !== 0 ? row.change < 0 === (d.direction === 'lower') : undefined;
        return (
          <Col xs={12} md={6} key={d.key}>
            <Card size="small" loading={results[i].isLoading} data-testid={`tile-${d.key}`}>
              <Statistic
                title={i18n.language.startsWith('zh') ? d.name : (d.nameEn ?? d.name)}
                value={row?.suppressed ? t('hidden') : formatMetric(d, row?.value)}
                valueStyle={{
                  fontSize: row?.suppressed ? 14 : 24,
                  color: met === undefined ? undefined : met ? '#389e0d' : '#cf1322',
                }}
              />
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {row?.denominator !== undefined && row?.denominator !== null
                  ? `${row.numerator?.toLocaleString()} ÷ ${row.denominator.toLocaleString()}`
                  : `${t('n')} ${row?.n ?? 0}`}
                {row?.ci ? ` · 95% CI ${formatMetric(d, row.ci[0])}–${formatMetric(d, row.ci[1])}` : ''}
              </Typography.Text>
              <div style={{ fontSize: 12 }}>
                {d.target != null && (
                  <Tag color={met ? 'green' : met === false ? 'red' : undefined}>
                    {t('target')} {formatMetric(d, d.target)} {d.direction === 'lower' ? '↓' : '↑'}
                  </Tag>
                )}
                {row?.change != null && (
                  <span>
                    {t('vsPrev')}{' '}
                    {row.change >= 0 ? (
                      <ArrowUpOutlined style={{ color: better ? '#389e0d' : '#cf1322' }} />
                    ) : (
                      <ArrowDownOutlined style={{ color: better ? '#389e0d' : '#cf1322' }} />
                    )}{' '}
                    {formatMetric(d, Math.abs(row.change))}
                    {row.significant && (
                      <Tag color="red" style={{ marginLeft: 4 }}>
                        {t('significant')}
                      </Tag>
                    )}
                  </span>
                )}
              </div>
            </Card>
          </Col>
        );
      })}
    </Row>
  );
}
