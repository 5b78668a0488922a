import { App, Button, Card, Descriptions, Grid, List, Result, Space, Spin, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { unitName } from '../../lib/org.ts';
import { PlansDrawer } from './PlansDrawer.tsx';
import { PlanStateTag } from './PlansPage.tsx';
import { planSummary, RunBar } from './PlansSummary.tsx';
import { type AuditPlanRun, usePlan, useRunPlan, useSavePlan } from './plans-api.ts';
import { QualityTabs } from './QualityTabs.tsx';

/** The audits list filtered to the audits one run created. */
const runAudits = (r: AuditPlanRun) => `/quality/audits?run=${encodeURIComponent(r.id)}`;

/** One audit plan: what it does, pause/resume, edit, run now, and every run with its completion (linked to its audits). */
export function PlansDetailPage() {
  const { id } = useParams();
  const { t, i18n } = useTranslation('quality');
  const { message } = App.useApp();
  const phone = !Grid.useBreakpoint().md;
  const [editing, setEditing] = useState(false);
  const plan = usePlan(id);
  const save = useSavePlan({
    onSuccess: (p) => message.success(p.active ? t('plans.resumed') : t('plans.pausedDone')),
    onError: (e) => message.error(e.message),
  });
  const run = useRunPlan(id, {
    onSuccess: (r) =>
      message.success(
        r.created ? t('plans.ranNow', { n: r.run.audits }) : t('plans.alreadyRan', { period: r.run.period }),
      ),
    onError: (e) => message.error(e.message),
  });
  if (plan.isLoading) return <Spin />;
  if (!plan.data)
    return (
      <Result status="404" title={t('plans.notFound')} extra={<Link to="/quality/plans">{t('plans.back')}</Link>} />
    );
  const p = plan.data;
  const trigger = (r: AuditPlanRun) => t(`plans.trigger.${r.trigger}`);
  return (
    <div>
      <QualityTabs />
      <Space direction="vertical" size={12} style={{ width: '100%' }}>
        <Link to="/quality/plans">← {t('plans.back')}</Link>
        <Card
          size="small"
          title={
            <Space wrap size={4}>
              <Typography.Text strong data-testid="plan-name">
                {p.name}
              </Typography.Text>
              <Tag>{t(`kind.${p.kind}`)}</Tag>
              <PlanStateTag p={p} />
            </Space>
          }
          extra={
            <Space wrap size={4}>
              <Button size="small" onClick={() => setEditing(true)}>
                {t('core:common.edit')}
              </Button>
              <Button
                size="small"
                loading={save.isPending}
                onClick={() => save.mutate({ id: p.id, body: { active: !p.active } })}
                data-testid="plan-toggle"
              >
                {p.active ? t('plans.pause') : t('plans.resume')}
              </Button>
              <Button
                size="small"
                type="primary"
                loading={run.isPending}
                onClick={() => run.mutate()}
                data-testid="plan-run"
              >
                {t('plans.runNow')}
              </Button>
            </Space>
          }
        >
          <Typography.Paragraph data-testid="plan-summary">{planSummary(p, t, i18n.language)}</Typography.Paragraph>
          <Descriptions size="small" column={phone ? 1 : 2}>
            <Descriptions.Item label={t('au.checklist')}>{p.checklistName}</Descriptions.Item>
            <Descriptions.Item label={t('plans.root')}>{unitName(p.rootUnit, i18n.language)}</Descriptions.Item>
            <Descriptions.Item label={t('plans.nextRun')}>
              {p.active && p.nextRunAt ? new Date(p.nextRunAt).toLocaleString(i18n.language) : '—'}
            </Descriptions.Item>
          </Descriptions>
        </Card>
        <Card size="small" title={t('plans.runs')}>
          {phone ? (
            <List<AuditPlanRun>
              dataSource={p.runs}
              locale={{ emptyText: t('plans.noRuns') }}
              renderItem={(r) => (
                <List.Item data-testid="plan-run-row">
                  <Space direction="vertical" size={2} style={{ width: '100%' }}>
                    <Space wrap size={4}>
                      <Typography.Text strong>{r.period}</Typography.Text>
                      <Tag>{trigger(r)}</Tag>
                      <Typography.Text type="secondary">
                        {new Date(r.runAt).toLocaleDateString(i18n.language)}
                      </Typography.Text>
                    </Space>
                    <RunBar run={r} />
                    <Link to={runAudits(r)} data-testid="plan-run-audits">
                      {t('plans.runAudits')} ({r.audits})
                    </Link>
                  </Space>
                </List.Item>
              )}
            />
          ) : (
            <Table<AuditPlanRun>
              rowKey="id"
              size="small"
              dataSource={p.runs}
              pagination={false}
              locale={{ emptyText: t('plans.noRuns') }}
              onRow={() => ({ 'data-testid': 'plan-run-row' }) as object}
              columns={[
                { title: t('plans.period'), dataIndex: 'period', width: 110 },
                {
                  title: t('plans.runAt'),
                  width: 170,
                  render: (_, r) => new Date(r.runAt).toLocaleString(i18n.language),
                },
                { title: t('plans.triggerCol'), width: 100, render: (_, r) => trigger(r) },
                {
                  title: t('plans.audits'),
                  width: 90,
                  align: 'right',
                  render: (_, r) => (
                    <Link to={runAudits(r)} title={t('plans.runAudits')} data-testid="plan-run-audits">
                      {r.audits}
                    </Link>
                  ),
                },
                { title: t('plans.completion'), render: (_, r) => <RunBar run={r} /> },
              ]}
            />
          )}
        </Card>
      </Space>
      <PlansDrawer plan={editing ? p : null} onClose={() => setEditing(false)} />
    </div>
  );
}
