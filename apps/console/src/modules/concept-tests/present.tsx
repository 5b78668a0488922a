import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Decision } from './api.ts';

const COLORS: Record<Decision, string> = { launch: 'green', veto: 'red', insufficient: 'gold' };

/** A fraction 0..1 as a percent with one decimal (0.52 → "52.0%"). */
export const pct = (v: number | null | undefined) => (v === null || v === undefined ? '—' : `${(v * 100).toFixed(1)}%`);

/** A decision as a coloured tag; `null` (nothing recorded) as a plain one. */
export function DecisionTag({ decision, overridden }: { decision: Decision | null; overridden?: boolean }) {
  const { t } = useTranslation('concept');
  if (!decision) return <Tag>{t('notDecided')}</Tag>;
  return (
    <Tag color={COLORS[decision]} data-testid={`decision-${decision}`}>
      {t(`decisions.${decision}`)}
      {overridden ? ` · ${t('overridden')}` : ''}
    </Tag>
  );
}
