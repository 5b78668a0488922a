import { Alert, Button, Card, Grid, List, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { PlansDrawer } from './PlansDrawer.tsx';
import { planSummary, RunBar } from './PlansSummary.tsx';
import { type AuditPlan, usePlans } from './plans-api.ts';
import { useCanManageQa } from './present.tsx';
import { QualityTabs } from './QualityTabs.tsx';

/** A plan's state: active with its next run, or paused. */
export function PlanStateTag({ p }: { p: AuditPlan }) {
  const { t, i18n } = useTranslation('quality');
  if (!p.active) return <Tag>{t('plans.paused')}</Tag>;
  if (!p.nextRunAt) return <Tag>{t('plans.done')}</Tag>;
  return <Tag color="blue">{t('plans.next', { at: new Date(p.nextRunAt).toLocaleDateString(i18n.language) })}</Tag>;
}

/** Audit plans: what each runs, when next, and how its last run stands; create in a drawer, open for the runs. */
export function PlansPage() {
  const { t, i18n } = useTranslation('quality');
  const phone = !Grid.useBreakpoint().md;
  const navigate = useNavigate();
  const canManage = useCanManageQa();
  const [creating, setCreating] = useState(false);
  const plans = usePlans();
  const open = (p: AuditPlan) => navigate(`/quality/plans/${p.id}`);
  if (!canManage)
    return (
      <div>
        <QualityTabs />
        <Alert type="info" showIcon message={t('plans.hqOnly')} />
      </div>
    );
  return (
    <div>
      <QualityTabs
        extra={
          <Button type="primary" onClick={() => setCreating(true)} data-testid="plan-new">
            {t('plans.new')}
          </Button>
        }
      />
      {phone ? (
        <List<AuditPlan>
          loading={plans.isLoading}
          dataSource={plans.data ?? []}
          locale={{ emptyText: t('plans.empty') }}
          renderItem={(p) => (
            <Card size="small" style={{ marginBottom: 8 }} onClick={() => open(p)} data-testid="plan-card">
              <Space direction="vertical" size={4} style={{ width: '100%' }}>
                <Space wrap size={4}>
                  <Typography.Text strong>{p.name}</Typography.Text>
                  <Tag>{t(`kind.${p.kind}`)}</Tag>
                  <PlanStateTag p={p} />
                </Space>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {planSummary(p, t, i18n.language)}
                </Typography.Text>
                {p.lastRun && <RunBar run={p.lastRun} />}
              </Space>
            </Card>
          )}
        />
      ) : (
        <Table<AuditPlan>
          rowKey="id"
          size="small"
          loading={plans.isLoading}
          dataSource={plans.data}
          pagination={false}
          locale={{ emptyText: t('plans.empty') }}
          onRow={(p) => ({ onClick: () => open(p), style: { cursor: 'pointer' } })}
          columns={[
            {
              title: t('plans.name'),
              render: (_, p) => (
                <Space direction="vertical" size={0}>
                  <Typography.Text strong>{p.name}</Typography.Text>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {planSummary(p, t, i18n.language)}
                  </Typography.Text>
                </Space>
              ),
            },
            { title: t('au.kind'), width: 120, render: (_, p) => t(`kind.${p.kind}`) },
            { title: t('plans.state'), width: 150, render: (_, p) => <PlanStateTag p={p} /> },
            {
              title: t('plans.lastRun'),
              width: 240,
              render: (_, p) =>
                p.lastRun ? (
                  <Space direction="vertical" size={0} style={{ width: '100%' }}>
                    <Typography.Text>{p.lastRun.period}</Typography.Text>
                    <RunBar run={p.lastRun} />
                  </Space>
                ) : (
                  t('plans.noRuns')
                ),
            },
          ]}
        />
      )}
      <PlansDrawer plan={creating ? 'new' : null} onClose={() => setCreating(false)} />
    </div>
  );
}
