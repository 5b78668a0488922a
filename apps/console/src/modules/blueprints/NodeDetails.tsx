import { Descriptions, Empty, List, Space, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { type Blueprint, type BlueprintNode, checkColour } from './api.ts';
import { useNames } from './names.ts';

/** Everything about one node: kind, stage, lane, RACI, touchpoints, event types, arrows out and its checks. */
export function NodeDetails({ blueprint, node }: { blueprint: Blueprint; node: BlueprintNode }) {
  const { t } = useTranslation('blueprints');
  const names = useNames(blueprint);
  const lane = blueprint.lanes.find((l) => l.id === node.lane);
  const checks = blueprint.checks.filter((c) => c.nodeId === node.id);
  const out = blueprint.edges.filter((e) => e.from === node.id);
  const label = (id: string) => {
    const n = blueprint.nodes.find((x) => x.id === id);
    return n ? names.label(n) : id;
  };
  const list = (ids: string[]) => (ids.length ? ids.map(names.party).join('、') : '—');
  return (
    <Space direction="vertical" style={{ width: '100%' }} data-testid="bp-node-details">
      <Space wrap>
        <Typography.Title level={5} style={{ margin: 0 }}>
          {names.label(node)}
        </Typography.Title>
        <Tag>{t(`kind.${node.kind}`)}</Tag>
        <Tag color={node.stage === 'front' ? 'blue' : node.stage === 'back' ? 'default' : 'orange'}>
          {t(`stage.${node.stage}`)}
        </Tag>
      </Space>
      <Descriptions size="small" column={1} bordered>
        <Descriptions.Item label={t('node.lane')}>{lane ? names.pick(lane) : node.lane}</Descriptions.Item>
        <Descriptions.Item label={t('raci.responsible')}>{names.party(node.raci.responsible)}</Descriptions.Item>
        <Descriptions.Item label={t('raci.accountable')}>{names.party(node.raci.accountable)}</Descriptions.Item>
        <Descriptions.Item label={t('raci.consulted')}>{list(node.raci.consulted)}</Descriptions.Item>
        <Descriptions.Item label={t('raci.informed')}>{list(node.raci.informed)}</Descriptions.Item>
        <Descriptions.Item label={t('touchpoints')}>
          {node.touchpointIds.length ? node.touchpointIds.map((id) => <Tag key={id}>{names.touchpoint(id)}</Tag>) : '—'}
        </Descriptions.Item>
        <Descriptions.Item label={t('eventTypes')}>
          {node.eventTypes.length ? node.eventTypes.map((e) => <Tag key={e}>{e}</Tag>) : '—'}
        </Descriptions.Item>
        <Descriptions.Item label={t('node.next')}>
          {out.length ? out.map((e) => `${e.label ? `${e.label}: ` : ''}${label(e.to)}`).join('；') : '—'}
        </Descriptions.Item>
      </Descriptions>
      <Typography.Text strong>{t('checks')}</Typography.Text>
      {checks.length ? (
        <List
          size="small"
          dataSource={checks}
          renderItem={(c) => (
            <List.Item data-testid="bp-node-check">
              <Space direction="vertical" size={0} style={{ width: '100%' }}>
                <Space wrap size={4}>
                  <Tag color={c.severity === 'fatal' ? 'red' : 'default'}>{t(`severity.${c.severity}`)}</Tag>
                  <Typography.Text code>{c.code}</Typography.Text>
                  <span>{names.text(c)}</span>
                </Space>
                <Space size={6}>
                  <span
                    style={{
                      display: 'inline-block',
                      width: 10,
                      height: 10,
                      borderRadius: 5,
                      background: checkColour(c),
                    }}
                  />
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {c.n ? `${Math.round((c.failed / c.n) * 1000) / 10}% · ${t('failed', c)}` : t('noData')} ·{' '}
                    {c.checklistName}
                  </Typography.Text>
                </Space>
              </Space>
            </List.Item>
          )}
        />
      ) : (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('noChecks')} />
      )}
    </Space>
  );
}
