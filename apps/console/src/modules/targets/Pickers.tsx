import { Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router-dom';
import { useTenantTime } from '../../lib/time.ts';
import { TARGET_METRICS } from './api.ts';
import { currentMonth, periodLabel, periodOptions } from './periods.ts';

/** The page's metric and period, read from and written to its URL (so a link keeps them); `null` removes a param. */
export function useTargetParams() {
  const time = useTenantTime();
  const [params, setParams] = useSearchParams();
  const set = (k: string, v: string | null) =>
    setParams(
      (p) => {
        if (v === null) p.delete(k);
        else p.set(k, v);
        return p;
      },
      { replace: true },
    );
  return {
    params,
    set,
    metric: params.get('metric') ?? 'nps',
    period: params.get('period') ?? currentMonth(time.today()),
  };
}

/** A target metric's name in the picker: NPS, CSAT, CES, n, or the audit or training indicator's name in the user's language. */
function useMetricLabel() {
  const { t } = useTranslation('targets');
  return (m: string) =>
    m === 'responses'
      ? t('n')
      : m.startsWith('audit.') || m.startsWith('training.')
        ? t(`metricNames.${m.slice(m.indexOf('.') + 1) as 'score'}`)
        : m.toUpperCase();
}

/** The metric and period pickers the targets and leaderboard pages share. */
export function MetricPeriodPickers({
  metric,
  period,
  set,
}: Pick<ReturnType<typeof useTargetParams>, 'metric' | 'period' | 'set'>) {
  const { t, i18n } = useTranslation('targets');
  const time = useTenantTime();
  const metricLabel = useMetricLabel();
  return (
    <>
      <Select
        style={{ width: 150 }}
        value={metric}
        onChange={(v) => set('metric', v)}
        options={TARGET_METRICS.map((m) => ({ value: m, label: metricLabel(m) }))}
        data-testid="targets-metric"
        aria-label={t('metric')}
      />
      <Select
        style={{ width: 150 }}
        value={period}
        onChange={(v) => set('period', v)}
        options={periodOptions(time.today()).map((p) => ({ value: p, label: periodLabel(p, i18n.language) }))}
        showSearch
        data-testid="targets-period"
        aria-label={t('period')}
      />
    </>
  );
}
