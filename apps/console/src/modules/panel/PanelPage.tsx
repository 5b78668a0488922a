import { PlusOutlined } from '@ant-design/icons';
import { Button, Card, Descriptions, Empty, Grid, Segmented, Select, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router-dom';
import { useMe } from '../../lib/me.tsx';
import { type TPanel, usePanels } from './api.ts';

import { Members } from './MembersTab.tsx';
import { PanelDrawer } from './PanelDrawer.tsx';
import { Review } from './ReviewTab.tsx';
import { Rewards } from './RewardsTab.tsx';
import { Tasks } from './TasksTab.tsx';

type Tab = 'overview' | 'members' | 'tasks' | 'review' | 'rewards';

/** The panel page: the panel's overview (link, QR, tiers), its members, tasks, the review queue and the rewards. */
export function PanelPage() {
  const { t } = useTranslation('panel');
  const me = useMe();
  const manage = me.can('customers.write');
  const phone = !Grid.useBreakpoint().md;
  const [params, setParams] = useSearchParams();
  const panels = usePanels();
  const [editing, setEditing] = useState<TPanel | 'new' | null>(null);
  const list = panels.data ?? [];
  const panel = list.find((p) => p.id === params.get('panel')) ?? list[0];
  const tab = (params.get('tab') as Tab | null) ?? 'overview';
  const go = (next: Record<string, string>) => setParams({ ...Object.fromEntries(params), ...next }, { replace: true });
  const tabs = (['overview', 'members', 'tasks', 'review', 'rewards'] as const).map((k) => ({
    value: k,
    label: t(`tabs.${k}`),
  }));
  return (
    <div data-testid="panel-page">
      <Space wrap align="center" style={{ marginBottom: 8 }}>
        <Typography.Title level={4} style={{ margin: 0 }}>
          {t('title')}
        </Typography.Title>
        {list.length > 0 && (
          <Select
            value={panel?.id}
            style={{ minWidth: 180 }}
            options={list.map((p) => ({ value: p.id, label: p.name }))}
            onChange={(v) => go({ panel: v })}
            aria-label={t('panel')}
          />
        )}
        {manage && (
          <Button icon={<PlusOutlined />} onClick={() => setEditing('new')}>
            {t('newPanel')}
          </Button>
        )}
      </Space>
      <Typography.Paragraph type="secondary">{t('intro')}</Typography.Paragraph>
      {!panels.isLoading && !panel ? (
        <Empty description={t('noPanel')} />
      ) : panel ? (
        <>
          {phone ? (
            <Select
              value={tab}
              options={tabs}
              onChange={(v) => go({ tab: v })}
              style={{ width: '100%', marginBottom: 12 }}
            />
          ) : (
            <Segmented
              value={tab}
              options={tabs}
              onChange={(v) => go({ tab: String(v) })}
              style={{ marginBottom: 12 }}
            />
          )}
          {tab === 'overview' && <Overview panel={panel} manage={manage} onEdit={() => setEditing(panel)} />}
          {tab === 'members' && <Members panel={panel} manage={manage} phone={phone} />}
          {tab === 'tasks' && <Tasks panel={panel} manage={manage} phone={phone} />}
          {tab === 'review' && <Review panel={panel} canReview={manage} />}
          {tab === 'rewards' && <Rewards panel={panel} manage={manage} phone={phone} />}
        </>
      ) : null}
      {editing && (
        <PanelDrawer panel={editing === 'new' ? null : editing} phone={phone} onClose={() => setEditing(null)} />
      )}
    </div>
  );
}

function Overview({ panel, manage, onEdit }: { panel: TPanel; manage: boolean; onEdit: () => void }) {
  const { t } = useTranslation('panel');
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Card
        size="small"
        title={panel.name}
        extra={manage && <Button onClick={onEdit}>{t('edit')}</Button>}
        data-testid="panel-overview"
      >
        <Descriptions column={1} size="small">
          <Descriptions.Item label={t('f.status')}>
            <Tag color={panel.status === 'open' ? 'green' : 'default'}>{t(`f.${panel.status}`)}</Tag>
          </Descriptions.Item>
          <Descriptions.Item label={t('m.name')}>{t('counts', panel.counts)}</Descriptions.Item>
          <Descriptions.Item label={t('f.screener')}>{panel.screenerSurveyName ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={t('f.tiers')}>
            {panel.tiers.map((x) => `${x.name} ≥ ${x.minPoints}`).join(' · ') || '—'}
          </Descriptions.Item>
          <Descriptions.Item label={t('f.tag')}>
            <Tag>{panel.tag}</Tag>
          </Descriptions.Item>
        </Descriptions>
        {panel.description && <Typography.Paragraph>{panel.description}</Typography.Paragraph>}
      </Card>
      <Card size="small" title={t('link')} data-testid="panel-link">
        <Space align="start" wrap size={16}>
          <img src={`/api/v1/panels/${panel.id}/qr?size=256`} alt={t('qr')} width={160} height={160} />
          <Space direction="vertical" size={4} style={{ maxWidth: 420 }}>
            <Typography.Paragraph copyable={{ text: panel.joinUrl }} style={{ wordBreak: 'break-all', margin: 0 }}>
              <a href={panel.joinUrl} target="_blank" rel="noreferrer">
                {panel.joinUrl}
              </a>
            </Typography.Paragraph>
            <Typography.Text type="secondary">{t('linkHelp')}</Typography.Text>
          </Space>
        </Space>
      </Card>
    </Space>
  );
}
