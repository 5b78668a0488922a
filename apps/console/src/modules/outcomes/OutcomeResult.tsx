import type { TOutcomeResponse } from '@loopcx/shared';
import { Alert, Space, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';

const VERDICT_COLOR = { predictive: 'success', inverse: 'warning', not_predictive: 'default', insufficient: 'default' };
const pct = (v: number | null | undefined) => (v === null || v === undefined ? '–' : v.toFixed(1));

/** A score group's name: NPS and CES groups by key, CSAT and rating levels as "score N". */
export function useGroupLabel() {
  const { t } = useTranslation('outcomes');
  return (key: string) => (/^\d+$/.test(key) ? t('groups.score', { score: key }) : t(`groups.${key}`));
}

/** The verdict as a sentence: top against bottom group, with the lift and the difference's interval. */
export function VerdictText({ result }: { result: TOutcomeResponse }) {
  const { t } = useTranslation('outcomes');
  const label = useGroupLabel();
  const bottom = result.groups[0];
  const top = result.groups[result.groups.length - 1];
  return (
    <Typography.Text data-testid="outcome-verdict">
      {t(`verdict.${result.verdict}`, {
        top: top ? label(top.key) : '',
        bottom: bottom ? label(bottom.key) : '',
        topRate: pct(top?.rate),
        bottomRate: pct(bottom?.rate),
        lift: result.lift === null ? '–' : result.lift.toFixed(2),
        points: pct(result.difference?.points),
        lo: pct(result.difference?.ci[0]),
        hi: pct(result.difference?.ci[1]),
        p: result.test ? result.test.pValue.toPrecision(2) : '–',
        minN: result.minN,
      })}
    </Typography.Text>
  );
}

/**
 * The groups' outcome rates as horizontal bars with their 95 % intervals as whiskers (plain boxes, so the tile
 * fits a 375 px phone), the lift and the verdict. Used by the X → O page and the dashboard tile.
 */
export function OutcomeResult({ result }: { result: TOutcomeResponse }) {
  const { t } = useTranslation('outcomes');
  const label = useGroupLabel();
  return (
    <Space direction="vertical" style={{ width: '100%' }} size={8}>
      {result.groups.map((g) => (
        <div key={g.key} data-testid={`outcome-group-${g.key}`}>
          <div style={{ display: 'flex', justifyContent: 'space-between', gap: 8, flexWrap: 'wrap' }}>
            <Typography.Text strong>{label(g.key)}</Typography.Text>
            <Typography.Text type="secondary">
              {pct(g.rate)}% ({pct(g.ci?.[0])}–{pct(g.ci?.[1])}) · {t('n')} {g.n}
            </Typography.Text>
          </div>
          <div style={{ position: 'relative', height: 14, background: '#f0f0f0', borderRadius: 2 }}>
            <div style={{ width: `${g.rate ?? 0}%`, height: '100%', background: '#1677ff', borderRadius: 2 }} />
            {g.ci && (
              <div
                style={{
                  position: 'absolute',
                  top: 6,
                  left: `${g.ci[0]}%`,
                  width: `${Math.max(0.5, g.ci[1] - g.ci[0])}%`,
                  height: 2,
                  background: '#001d66',
                }}
              />
            )}
          </div>
        </div>
      ))}
      <Space wrap>
        <Tag color={VERDICT_COLOR[result.verdict]}>
          {t('lift')}: {result.lift === null ? '–' : `${result.lift.toFixed(2)}×`}
        </Tag>
      </Space>
      <VerdictText result={result} />
      {result.pending > 0 && <Alert type="info" showIcon message={t('pending', { n: result.pending })} />}
    </Space>
  );
}
