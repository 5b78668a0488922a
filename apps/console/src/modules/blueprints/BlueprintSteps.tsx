import { Card, Space, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { type Blueprint, checkColour } from './api.ts';
import { useNames } from './names.ts';

/** The phone's view of a blueprint: its nodes as a vertical list of cards in process order; tap one for details. */
export function BlueprintSteps({ blueprint, onSelect }: { blueprint: Blueprint; onSelect: (id: string) => void }) {
  const { t } = useTranslation('blueprints');
  const names = useNames(blueprint);
  return (
    <Space direction="vertical" style={{ width: '100%' }} data-testid="bp-steps">
      {blueprint.nodes.map((n, i) => {
        const lane = blueprint.lanes.find((l) => l.id === n.lane);
        const checks = blueprint.checks.filter((c) => c.nodeId === n.id);
        const out = blueprint.edges.filter((e) => e.from === n.id && e.label);
        return (
          <Card key={n.id} size="small" hoverable onClick={() => onSelect(n.id)} data-testid="bp-node" data-node={n.id}>
            <Space direction="vertical" size={2} style={{ width: '100%' }}>
              <Space wrap size={4}>
                <Typography.Text type="secondary">{i + 1}.</Typography.Text>
                <Typography.Text strong>{names.label(n)}</Typography.Text>
                {n.kind !== 'step' && <Tag>{t(`kind.${n.kind}`)}</Tag>}
                <Tag color={n.stage === 'front' ? 'blue' : n.stage === 'back' ? 'default' : 'orange'}>
                  {t(`stageShort.${n.stage}`)}
                </Tag>
              </Space>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {lane ? names.pick(lane) : ''} · R {names.party(n.raci.responsible)} · A{' '}
                {names.party(n.raci.accountable)}
              </Typography.Text>
              {n.touchpointIds.length > 0 && (
                <Typography.Text style={{ fontSize: 12, color: '#1677ff' }}>
                  ◎ {n.touchpointIds.map(names.touchpoint).join('、')}
                </Typography.Text>
              )}
              {out.length > 0 && (
                <Typography.Text style={{ fontSize: 12 }}>
                  {out
                    .map((e) => `${e.label} → ${names.label(blueprint.nodes.find((x) => x.id === e.to) ?? n)}`)
                    .join('；')}
                </Typography.Text>
              )}
              {checks.length > 0 && (
                <Space wrap size={4}>
                  {checks.map((c) => (
                    <Tag key={`${c.checklistId}-${c.code}`} color={checkColour(c)}>
                      {c.code} {c.n ? `${Math.round((c.failed / c.n) * 100)}%` : '–'}
                    </Tag>
                  ))}
                </Space>
              )}
            </Space>
          </Card>
        );
      })}
    </Space>
  );
}
