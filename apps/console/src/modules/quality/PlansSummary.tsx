import { Progress, Space, Tooltip, Typography } from 'antd';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { unitName } from '../../lib/org.ts';
import type { AuditPlan, AuditPlanRun } from './plans-api.ts';

/** What a summary reads: a saved plan, or the drawer's values before saving. */
export type PlanShape = Pick<AuditPlan, 'schedule' | 'sample' | 'assignee' | 'unitKind' | 'dueDays'> & {
  rootUnit: { name: string; nameEn: string | null } | null;
};

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;

/** "Monthly on day 1 · a random 4 stores under HQ, stratified by region · Clearview · due in 14 days". */
export function planSummary(p: PlanShape, t: TFunction<'quality'>, lang: string): string {
  const s = p.schedule;
  const when =
    s.every === 'monthly'
      ? t('plans.sum.monthly', { day: s.day })
      : s.every === 'weekly'
        ? t('plans.sum.weekly', { day: t(`plans.weekday.${WEEKDAYS[s.weekday - 1]}`) })
        : t('plans.sum.once', { at: s.at ? new Date(s.at).toLocaleString(lang) : t('plans.sum.now') });
  const root = p.rootUnit ? unitName(p.rootUnit, lang) : '…';
  const what =
    p.sample.mode === 'all'
      ? t('plans.sum.all', { kind: p.unitKind, root })
      : t(p.sample.stratify === 'region' ? 'plans.sum.stratified' : 'plans.sum.random', {
          n: p.sample.size,
          kind: p.unitKind,
          root,
        });
  const who =
    p.assignee.type === 'unit'
      ? t('plans.assignee.unit')
      : p.assignee.type === 'external'
        ? t('plans.sum.external', { name: p.assignee.name })
        : (p.assignee.name ?? t('plans.assignee.internal'));
  return [when, what, who, t('plans.sum.due', { n: p.dueDays })].join(' · ');
}

/** A run's completion: submitted (green) and overdue (red) shares of its audits. */
export function RunBar({ run }: { run: AuditPlanRun }) {
  const { t } = useTranslation('quality');
  const pct = (n: number) => (run.audits ? Math.round((n / run.audits) * 100) : 0);
  return (
    <Tooltip
      title={t('plans.runTip', {
        submitted: run.submitted,
        assigned: run.assigned,
        overdue: run.overdue,
        cancelled: run.cancelled,
      })}
    >
      <Space direction="vertical" size={0} style={{ width: '100%' }} data-testid="plan-run-bar">
        <Progress
          percent={pct(run.submitted + run.overdue)}
          success={{ percent: pct(run.submitted) }}
          strokeColor="#ff4d4f"
          showInfo={false}
          size="small"
        />
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t('plans.runLine', { submitted: run.submitted, audits: run.audits, overdue: run.overdue })}
        </Typography.Text>
      </Space>
    </Tooltip>
  );
}
