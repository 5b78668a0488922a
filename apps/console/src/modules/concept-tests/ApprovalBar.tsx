import { Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { pct } from './present.tsx';

/**
 * Approval on a 0–100 % track: the interval as a band, the point estimate as a marker and the threshold as a red
 * line, so whether the band clears the line (launch), stays under it (veto) or crosses it reads at a glance.
 */
export function ApprovalBar(p: {
  approval: number | null;
  ci: [number, number] | null;
  threshold: number;
  confidence: number;
}) {
  const { t } = useTranslation('concept');
  const at = (v: number) => `${Math.max(0, Math.min(100, v * 100))}%`;
  return (
    <div data-testid="approval-bar">
      <div style={{ position: 'relative', height: 28, background: '#f0f0f0', borderRadius: 4, margin: '28px 0 8px' }}>
        {p.ci && (
          <div
            title={t('interval', { level: p.confidence * 100, lo: pct(p.ci[0]), hi: pct(p.ci[1]) })}
            style={{
              position: 'absolute',
              left: at(p.ci[0]),
              width: `${Math.max(0.5, (p.ci[1] - p.ci[0]) * 100)}%`,
              top: 4,
              bottom: 4,
              background: '#91caff',
              borderRadius: 3,
            }}
          />
        )}
        {p.approval !== null && (
          <div
            style={{
              position: 'absolute',
              left: at(p.approval),
              top: 0,
              bottom: 0,
              width: 3,
              marginLeft: -1,
              background: '#0958d9',
            }}
          />
        )}
        <div
          style={{
            position: 'absolute',
            left: at(p.threshold),
            top: -22,
            bottom: -4,
            width: 2,
            marginLeft: -1,
            background: '#cf1322',
          }}
        >
          <span style={{ position: 'absolute', top: 0, left: 4, whiteSpace: 'nowrap', fontSize: 12, color: '#cf1322' }}>
            {t('thresholdLine', { v: pct(p.threshold) })}
          </span>
        </div>
      </div>
      <div style={{ display: 'flex', justifyContent: 'space-between', fontSize: 12 }}>
        <Typography.Text type="secondary">0%</Typography.Text>
        <Typography.Text type="secondary">100%</Typography.Text>
      </div>
    </div>
  );
}
