import { formatSurveyMetric as fmt } from '@loopcx/shared';
import { Alert, Card, Grid, List, Space, Table, Tag, TreeSelect, Typography } from 'antd';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useMe } from '../../lib/me.tsx';
import { toTree, unitName, useOrgUnits } from '../../lib/org.ts';
import { isPercentMetric, type LeaderboardEntry, useLeaderboard, useLiveTargets } from './api.ts';
import { MetricPeriodPickers, useTargetParams } from './Pickers.tsx';
import { periodLabel } from './periods.ts';
import { TargetStatusTag } from './StatusTag.tsx';

function Differs({ e }: { e: LeaderboardEntry }) {
  const { t } = useTranslation('targets');
  if (e.differs === 'above') return <Tag color="green">{t('lb.above')}</Tag>;
  if (e.differs === 'below') return <Tag color="red">{t('lb.below')}</Tag>;
  return e.value === null ? null : <Typography.Text type="secondary">{t('lb.same')}</Typography.Text>;
}

/**
 * A unit among its peers (a store among its region's stores, a region among regions): rank, score with n and CI,
 * its target and status, and whether it differs significantly from the other peers. Cards on a phone.
 */
export function LeaderboardPage() {
  const { t, i18n } = useTranslation('targets');
  const me = useMe();
  const phone = !Grid.useBreakpoint().md;
  const units = useOrgUnits();
  const { params, set, metric, period } = useTargetParams();
  const unitId = params.get('orgUnitId') ?? me.orgUnit.id;
  const lb = useLeaderboard(metric, period, unitId);
  const refetch = lb.refetch;
  useLiveTargets(refetch);
  const tree = useMemo(() => toTree(units.data ?? [], (u) => unitName(u, i18n.language)), [units.data, i18n.language]);
  const d = lb.data;
  const score = (e: LeaderboardEntry) => (e.suppressed ? '—' : fmt(metric, e.value));
  const vsTarget = (e: LeaderboardEntry) =>
    e.vsTarget === null
      ? '—'
      : `${e.vsTarget >= 0 ? '+' : ''}${fmt(isPercentMetric(metric) ? 'nps' : metric, e.vsTarget)}`;

  return (
    <div>
      <Space wrap style={{ marginBottom: 12 }}>
        <Typography.Title level={4} style={{ margin: 0 }}>
          {t('lb.title')}
        </Typography.Title>
        <MetricPeriodPickers metric={metric} period={period} set={set} />
        <TreeSelect
          style={{ minWidth: 180 }}
          value={unitId}
          treeData={tree}
          onChange={(v) => set('orgUnitId', v)}
          showSearch
          treeNodeFilterProp="title"
          aria-label={t('unit')}
        />
      </Space>
      {lb.error && <Alert type="error" showIcon message={(lb.error as Error).message} />}
      {d && (
        <>
          <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
            {t('lb.intro', {
              group: d.group.name,
              kind: t(`lb.kinds.${d.peerKind as 'store'}`, { defaultValue: d.peerKind }),
              period: periodLabel(d.period, i18n.language),
              day: d.through,
            })}
            {' · '}
            {t('lb.peerAverage', { value: fmt(metric, d.peerAverage.value), n: d.peerAverage.n })}
          </Typography.Paragraph>
          {phone ? (
            <List<LeaderboardEntry>
              dataSource={d.items}
              data-testid="leaderboard"
              renderItem={(e) => (
                <Card
                  size="small"
                  style={{ marginBottom: 8, borderColor: e.self ? '#1677ff' : undefined }}
                  data-testid={`lb-${e.orgUnitId}`}
                >
                  <Space style={{ width: '100%', justifyContent: 'space-between' }} align="start">
                    <Typography.Text strong>
                      {e.rank ?? '—'}. {e.name} {e.self && <Tag color="blue">{t('lb.you')}</Tag>}
                    </Typography.Text>
                    <span style={{ fontSize: 20, fontWeight: 600 }}>{score(e)}</span>
                  </Space>
                  <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12 }}>
                    n {e.n}
                    {e.ci ? ` · CI ${fmt(metric, e.ci[0])}–${fmt(metric, e.ci[1])}` : ''}
                  </Typography.Text>
                  <Space wrap size={4} style={{ marginTop: 4 }}>
                    {e.target !== null && (
                      <Typography.Text style={{ fontSize: 12 }}>
                        {t('target')} {fmt(metric, e.target)} ({vsTarget(e)})
                      </Typography.Text>
                    )}
                    <TargetStatusTag status={e.targetStatus} />
                    <Differs e={e} />
                  </Space>
                </Card>
              )}
            />
          ) : (
            <Table<LeaderboardEntry>
              size="small"
              rowKey="orgUnitId"
              pagination={false}
              dataSource={d.items}
              data-testid="leaderboard"
              onRow={(e) =>
                ({ 'data-testid': `lb-${e.orgUnitId}`, style: e.self ? { background: '#e6f4ff' } : undefined }) as never
              }
              columns={[
                { title: t('lb.rank'), dataIndex: 'rank', width: 64, render: (v) => v ?? '—' },
                {
                  title: t('unit'),
                  render: (_, e) => (
                    <>
                      {e.name} {e.self && <Tag color="blue">{t('lb.you')}</Tag>}
                    </>
                  ),
                },
                { title: t('lb.score'), align: 'right', render: (_, e) => score(e) },
                { title: t('n'), dataIndex: 'n', align: 'right' },
                { title: t('ci'), render: (_, e) => (e.ci ? `${fmt(metric, e.ci[0])}–${fmt(metric, e.ci[1])}` : '—') },
                {
                  title: t('target'),
                  render: (_, e) => (e.target === null ? '—' : `${fmt(metric, e.target)} (${vsTarget(e)})`),
                },
                { title: t('statusCol'), render: (_, e) => <TargetStatusTag status={e.targetStatus} /> },
                { title: t('lb.vsPeers'), render: (_, e) => <Differs e={e} /> },
              ]}
            />
          )}
          <Typography.Paragraph type="secondary" style={{ marginTop: 8, fontSize: 12 }}>
            {t('lb.test')}
          </Typography.Paragraph>
        </>
      )}
    </div>
  );
}
