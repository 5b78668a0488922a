import type { TReplyCoverageResponse } from '@loopcx/shared';
import { Card, Grid, InputNumber, List, Space, Statistic, Switch, Table, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { UnitPicker } from '../../components/UnitPicker.tsx';
import { useCoverage } from './replies-api.ts';

type Row = TReplyCoverageResponse['rows'][number];
const pct = (v: number | null) => (v === null ? '—' : `${Math.round(v * 1000) / 10}%`);

/** Reply coverage: the share of feedback items answered within the SLA, by channel and unit (last 30 days). */
export function CoveragePage() {
  const { t } = useTranslation('feedback');
  const phone = !Grid.useBreakpoint().md;
  const [slaHours, setSlaHours] = useState(24);
  const [orgUnitId, setOrgUnitId] = useState<string>();
  const [negativeOnly, setNegativeOnly] = useState(false);
  const cov = useCoverage({ slaHours, orgUnitId, negativeOnly });
  const d = cov.data;
  return (
    <div>
      <Typography.Title level={4}>{t('coverage.title')}</Typography.Title>
      <Typography.Paragraph type="secondary">{t('coverage.help')}</Typography.Paragraph>
      <Space wrap style={{ marginBottom: 12 }}>
        <span>{t('coverage.sla')}</span>
        <InputNumber
          min={1}
          max={720}
          value={slaHours}
          onChange={(v) => v && setSlaHours(v)}
          aria-label={t('coverage.sla')}
        />
        <UnitPicker placeholder={t('allUnits')} style={{ minWidth: 200 }} value={orgUnitId} onChange={setOrgUnitId} />
        <Space>
          <Switch checked={negativeOnly} onChange={setNegativeOnly} aria-label={t('coverage.negativeOnly')} />
          {t('coverage.negativeOnly')}
        </Space>
      </Space>
      {d && (
        <Space wrap style={{ marginBottom: 16 }}>
          <Card size="small">
            <Statistic title={t('coverage.coverage')} value={pct(d.total.coverage)} />
          </Card>
          <Card size="small">
            <Statistic title={t('coverage.items')} value={d.total.items} />
          </Card>
          <Card size="small">
            <Statistic title={t('coverage.withinSla')} value={d.total.withinSla} />
          </Card>
          <Card size="small">
            <Statistic title={t('coverage.open')} value={d.total.open} />
          </Card>
        </Space>
      )}
      <Typography.Title level={5}>{t('coverage.byChannel')}</Typography.Title>
      {phone ? (
        <List
          loading={cov.isLoading}
          dataSource={d?.rows ?? []}
          renderItem={(r: Row) => (
            <List.Item data-testid="coverage-row">
              <Space direction="vertical" size={0}>
                <Typography.Text strong>
                  {r.channel} · {r.orgUnit?.name ?? t('brandWide')}
                </Typography.Text>
                <span>
                  {pct(r.coverage)} · {t('coverage.replied')} {r.replied}/{r.items} · {t('coverage.withinSla')}{' '}
                  {r.withinSla}
                </span>
              </Space>
            </List.Item>
          )}
        />
      ) : (
        <Table
          rowKey={(r) => `${r.channel}|${r.orgUnit?.id ?? ''}`}
          size="small"
          loading={cov.isLoading}
          dataSource={d?.rows ?? []}
          onRow={() => ({ 'data-testid': 'coverage-row' }) as never}
          columns={[
            { title: t('coverage.channel'), dataIndex: 'channel' },
            { title: t('coverage.unit'), render: (_: unknown, r: Row) => r.orgUnit?.name ?? t('brandWide') },
            { title: t('coverage.items'), dataIndex: 'items' },
            { title: t('coverage.replied'), dataIndex: 'replied' },
            { title: t('coverage.withinSla'), dataIndex: 'withinSla' },
            { title: t('coverage.open'), dataIndex: 'open' },
            { title: t('coverage.coverage'), dataIndex: 'coverage', render: (v: number | null) => pct(v) },
          ]}
        />
      )}
    </div>
  );
}
