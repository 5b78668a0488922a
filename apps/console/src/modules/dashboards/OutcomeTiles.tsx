import type { TOutcomeTile } from '@loopcx/shared';
import { Card, Col, Row, Skeleton } from 'antd';
import { useTranslation } from 'react-i18next';
import { useOutcomes } from '../outcomes/api.ts';
import { OutcomeResult } from '../outcomes/OutcomeResult.tsx';

/** One X → O tile of a saved dashboard, answered for the dashboard's unit (decision 78). */
function OutcomeTile({ tile, unitId }: { tile: TOutcomeTile; unitId: string }) {
  const { t } = useTranslation('outcomes');
  const res = useOutcomes({ ...tile, orgUnitId: unitId });
  return (
    <Card
      size="small"
      data-testid="outcome-tile"
      title={t('tileTitle', {
        metric: tile.metric.startsWith('rating:') ? tile.metric.slice('rating:'.length) : tile.metric.toUpperCase(),
        event: tile.outcomeEventType,
        outcome: t(tile.outcome === 'absent' ? 'absentShort' : 'occursShort'),
        days: tile.withinDays,
      })}
    >
      {res.data ? <OutcomeResult result={res.data} /> : <Skeleton active paragraph={{ rows: 3 }} />}
    </Card>
  );
}

/** The saved dashboard's X → O tiles, two a row on a wide screen, one on a phone. */
export function OutcomeTiles({ tiles, unitId }: { tiles: TOutcomeTile[]; unitId: string }) {
  if (!tiles.length) return null;
  return (
    <Row gutter={[12, 12]} style={{ marginTop: 12 }}>
      {tiles.map((tile) => (
        <Col
          xs={24}
          lg={12}
          key={`${tile.metric}-${tile.outcomeEventType}-${tile.outcome}-${tile.withinDays}-${tile.surveyId ?? ''}`}
        >
          <OutcomeTile tile={tile} unitId={unitId} />
        </Col>
      ))}
    </Row>
  );
}
