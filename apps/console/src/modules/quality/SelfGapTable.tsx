import { Card, Grid, Table, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { unitName } from '../../lib/org.ts';
import { type SelfGapRow, useSelfGap } from './api.ts';

const points = (v: number | null) => (v === null ? '—' : v.toFixed(1));

/** Self-inspection score against external audits per child unit: a positive gap is a unit grading itself kindly. */
export function SelfGapTable(props: { orgUnitId: string; from: string; to: string }) {
  const { t, i18n } = useTranslation('quality');
  const phone = !Grid.useBreakpoint().md;
  const gap = useSelfGap(props.orgUnitId, props.from, props.to);
  return (
    <Card size="small" title={t('gap.title')} style={{ marginTop: 12 }}>
      <Table<SelfGapRow>
        rowKey="orgUnitId"
        size="small"
        pagination={false}
        loading={gap.isLoading}
        dataSource={gap.data}
        data-testid="self-gap"
        scroll={phone ? { x: 'max-content' } : undefined}
        columns={[
          { title: t('au.unit'), render: (_, r) => unitName(r, i18n.language) },
          { title: t('gap.self'), align: 'right', render: (_, r) => `${points(r.selfScore)} (n ${r.selfN})` },
          {
            title: t('gap.external'),
            align: 'right',
            render: (_, r) => `${points(r.externalScore)} (n ${r.externalN})`,
          },
          {
            title: t('gap.gap'),
            align: 'right',
            render: (_, r) =>
              r.gap === null ? (
                '—'
              ) : (
                <Typography.Text type={r.gap > 5 ? 'danger' : undefined} strong={r.gap > 5}>
                  {r.gap > 0 ? '+' : ''}
                  {r.gap.toFixed(1)}
                </Typography.Text>
              ),
          },
        ]}
      />
      <Typography.Paragraph type="secondary" style={{ fontSize: 12, margin: '8px 0 0' }}>
        {t('gap.help')}
      </Typography.Paragraph>
    </Card>
  );
}
