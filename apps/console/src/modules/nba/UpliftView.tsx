import type { TNbaUplift } from '@loopcx/shared';
import { Alert, Space, Spin, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useUplift } from './api.ts';

export const VERDICT_COLOR: Record<TNbaUplift['verdict'], string> = {
  works: 'success',
  no_evidence: 'default',
  harms: 'error',
};
const pct = (v: number | null | undefined) => (v === null || v === undefined ? '–' : v.toFixed(1));

/** One arm's rate as a bar with its Wilson interval as a whisker (plain boxes: fits a 375 px phone). */
function ArmBar({ label, arm, color }: { label: string; arm: TNbaUplift['holdout']; color: string }) {
  const { t } = useTranslation('nba');
  return (
    <div>
      <div style={{ display: 'flex', justifyContent: 'space-between', gap: 8, flexWrap: 'wrap' }}>
        <Typography.Text strong>{label}</Typography.Text>
        <Typography.Text type="secondary">
          {pct(arm.rate)}% ({pct(arm.ci?.[0])}–{pct(arm.ci?.[1])}) · {t('uplift.n', { n: arm.n })}
        </Typography.Text>
      </div>
      <div style={{ position: 'relative', height: 14, background: '#f0f0f0', borderRadius: 2 }}>
        <div style={{ width: `${arm.rate ?? 0}%`, height: '100%', background: color, borderRadius: 2 }} />
        {arm.ci && (
          <div
            style={{
              position: 'absolute',
              top: 6,
              left: `${arm.ci[0]}%`,
              width: `${Math.max(0.5, arm.ci[1] - arm.ci[0])}%`,
              height: 2,
              background: '#001d66',
            }}
          />
        )}
      </div>
    </div>
  );
}

/** The verdict tag of a rule; a rule that does not work is flagged in red/grey with its own words. */
export function VerdictTag({ uplift }: { uplift: TNbaUplift }) {
  const { t } = useTranslation('nba');
  return (
    <Tag color={VERDICT_COLOR[uplift.verdict]} data-testid="nba-verdict">
      {t(`uplift.verdicts.${uplift.verdict}`)}
    </Tag>
  );
}

/** Treatment against holdout: both rates with CIs, the difference with its interval, the lift and the verdict. */
export function UpliftResult({ uplift, compact }: { uplift: TNbaUplift; compact?: boolean }) {
  const { t } = useTranslation('nba');
  const empty = uplift.treatment.n + uplift.holdout.n === 0;
  return (
    <Space direction="vertical" style={{ width: '100%' }} size={6}>
      {!compact && (
        <Typography.Text type="secondary">
          {t('uplift.rate', { event: uplift.outcome.eventType, days: uplift.outcome.withinDays })}
        </Typography.Text>
      )}
      {empty ? (
        <Typography.Text type="secondary">{t('uplift.none')}</Typography.Text>
      ) : (
        <>
          <ArmBar label={t('uplift.treatment')} arm={uplift.treatment} color="#1677ff" />
          <ArmBar label={t('uplift.holdout')} arm={uplift.holdout} color="#8c8c8c" />
        </>
      )}
      <Space wrap size={4}>
        <VerdictTag uplift={uplift} />
        {uplift.difference && (
          <Typography.Text data-testid="nba-difference">
            {t('uplift.difference', {
              points: pct(uplift.difference.points),
              lo: pct(uplift.difference.ci[0]),
              hi: pct(uplift.difference.ci[1]),
            })}
          </Typography.Text>
        )}
        {uplift.relativeLift !== null && (
          <Typography.Text type="secondary">
            {t('uplift.relative', { pct: pct(uplift.relativeLift * 100) })}
          </Typography.Text>
        )}
      </Space>
      {!compact && (
        <>
          <Typography.Text>{t(`uplift.verdictText.${uplift.verdict}`)}</Typography.Text>
          <Typography.Text type="secondary">
            {t('uplift.taken', { taken: uplift.treatment.taken, dismissed: uplift.treatment.dismissed })}
          </Typography.Text>
          {uplift.treatment.pending + uplift.holdout.pending > 0 && (
            <Alert
              type="info"
              showIcon
              message={t('uplift.pending', { n: uplift.treatment.pending + uplift.holdout.pending })}
            />
          )}
        </>
      )}
    </Space>
  );
}

/** A rule's uplift, loaded. */
export function RuleUplift({ ruleId, compact }: { ruleId: string; compact?: boolean }) {
  const uplift = useUplift(ruleId);
  if (uplift.isLoading) return <Spin size="small" />;
  if (!uplift.data) return <Alert type="error" message={(uplift.error as Error)?.message} />;
  return <UpliftResult uplift={uplift.data} compact={compact} />;
}
