import { Alert, Card, Empty, Grid, Segmented, Select, Space, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router-dom';
import { useTenantTime } from '../../lib/time.ts';
import { useChecklists } from './api.ts';
import { KAPPA_FLAG, type KappaRow, useCalibration } from './calibration-api.ts';
import { itemText, SeverityTag } from './present.tsx';
import { QualityTabs } from './QualityTabs.tsx';

const DAYS = [30, 90, 180] as const;
const share = (v: number | null) => (v === null ? '—' : `${(v * 100).toFixed(0)}%`);

/** κ with its flag: below 0.6 inspectors disagree too much; undefined κ says why. */
export function KappaText({ k }: { k: KappaRow }) {
  const { t } = useTranslation('quality');
  if (k.kappa === null)
    return <Typography.Text type="secondary">{t(`cal.reason.${k.reason ?? 'no_pairs'}`)}</Typography.Text>;
  const low = k.kappa < KAPPA_FLAG;
  return (
    <Space size={4}>
      <Typography.Text strong={low} type={low ? 'danger' : undefined}>
        {k.kappa.toFixed(2)}
      </Typography.Text>
      {low && (
        <Tag color="red" data-testid="kappa-low">
          {t('cal.low')}
        </Tag>
      )}
    </Space>
  );
}

function kappaColumns(t: (k: string) => string) {
  return [
    { title: 'κ', key: 'kappa', render: (_: unknown, r: KappaRow) => <KappaText k={r} /> },
    { title: t('cal.pairs'), dataIndex: 'pairs', align: 'right' as const },
    {
      title: t('cal.observed'),
      key: 'po',
      align: 'right' as const,
      render: (_: unknown, r: KappaRow) => share(r.observed),
    },
    {
      title: t('cal.expected'),
      key: 'pe',
      align: 'right' as const,
      render: (_: unknown, r: KappaRow) => share(r.expected),
    },
  ];
}

/**
 * Calibration: how alike two inspectors on the same visit judge a checklist (Cohen's κ over pass / fail / n.a.),
 * overall, per item (items below 0.6 flagged: their error rates depend on who inspects) and per inspector.
 */
export function CalibrationPage() {
  const { t, i18n } = useTranslation('quality');
  const time = useTenantTime();
  const phone = !Grid.useBreakpoint().md;
  const [params, setParams] = useSearchParams();
  const checklists = useChecklists(true);
  const checklistId = params.get('checklist') ?? checklists.data?.[0]?.id;
  const days = Number(params.get('days') ?? 90);
  const range = time.lastDays(days);
  const report = useCalibration(checklistId, range.from, range.to);
  const set = (k: string, v: string) =>
    setParams((p) => {
      p.set(k, v);
      return p;
    });
  const r = report.data;
  const scroll = phone ? { x: 'max-content' } : undefined;
  return (
    <>
      <QualityTabs />
      <Space wrap style={{ marginBottom: 12 }}>
        <Select
          style={{ minWidth: 240 }}
          value={checklistId}
          loading={checklists.isLoading}
          onChange={(v) => set('checklist', v)}
          data-testid="calibration-checklist"
          options={(checklists.data ?? []).map((c) => ({ value: c.id, label: c.name }))}
        />
        <Segmented
          value={days}
          onChange={(v) => set('days', String(v))}
          options={DAYS.map((d) => ({ value: d, label: t('ind.lastDays', { n: d }) }))}
        />
      </Space>
      {report.error && <Alert type="error" showIcon message={(report.error as Error).message} />}
      {!checklistId && !checklists.isLoading && <Empty description={t('cal.noChecklist')} />}
      {r && (
        <Space direction="vertical" size={12} style={{ width: '100%' }}>
          <Card size="small" title={t('cal.overall')} data-testid="calibration-overall">
            <Space wrap size={24}>
              <span>
                κ <KappaText k={r.overall} />
              </span>
              <span>{t('cal.pairsN', { n: r.overall.pairs })}</span>
              <span>
                {t('cal.observed')} {share(r.overall.observed)}
              </span>
              <span>
                {t('cal.expected')} {share(r.overall.expected)}
              </span>
            </Space>
          </Card>
          <Card size="small" title={t('cal.byItem')}>
            <Table
              rowKey="code"
              size="small"
              pagination={false}
              scroll={scroll}
              dataSource={r.items}
              data-testid="calibration-items"
              columns={[
                {
                  title: t('ind.item'),
                  key: 'item',
                  render: (_, i) => (
                    <Space size={4}>
                      <SeverityTag severity={i.severity} />
                      {i.code} {itemText(i, i18n.language)}
                    </Space>
                  ),
                },
                ...kappaColumns(t),
              ]}
            />
          </Card>
          <Card size="small" title={t('cal.byInspector')}>
            <Table
              rowKey={(i) => i.inspectorId ?? `external:${i.name}`}
              size="small"
              pagination={false}
              scroll={scroll}
              dataSource={r.inspectors}
              data-testid="calibration-inspectors"
              locale={{ emptyText: t('cal.empty') }}
              columns={[
                {
                  title: t('au.inspector'),
                  key: 'who',
                  render: (_, i) => (
                    <Space size={4}>
                      {i.name ?? '—'}
                      {i.external && <Tag>{t('cal.external')}</Tag>}
                    </Space>
                  ),
                },
                ...kappaColumns(t),
              ]}
            />
          </Card>
          <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
            {t('cal.help')}
          </Typography.Paragraph>
        </Space>
      )}
    </>
  );
}
