import { Card, Empty, List, Segmented, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useUnitLabel } from '../../lib/org.ts';
import { useTenantTime } from '../../lib/time.ts';
import { type TextCluster, useTextClusters } from './api.ts';
import { SENTIMENT_COLOR, type Sentiment, type TextFilters, useTopicLabel } from './shared.tsx';

/**
 * "Repeated needs": the biggest near-duplicate clusters in the filters (the same complaint said many times is one
 * row with its count). A click opens the comments of that cluster. One column list, so it reads the same at 390 px.
 */
export function RepeatedNeeds({
  filters,
  onOpen,
}: {
  filters: TextFilters;
  onOpen: (c: TextCluster, sentiment: Sentiment | undefined) => void;
}) {
  const { t } = useTranslation('text');
  const time = useTenantTime();
  const unitLabel = useUnitLabel();
  const label = useTopicLabel();
  // Complaints first: the needs a manager acts on; "all" shows repeated praise too.
  const [only, setOnly] = useState<'negative' | 'all'>('negative');
  const sentiment = only === 'all' ? undefined : only;
  const clusters = useTextClusters(filters, sentiment);
  return (
    <Card
      size="small"
      title={t('repeated.title')}
      style={{ marginBottom: 12 }}
      data-testid="repeated-needs"
      extra={
        <Segmented
          size="small"
          value={only}
          onChange={(v) => setOnly(v as 'negative' | 'all')}
          options={[
            { value: 'negative', label: t('s.negative') },
            { value: 'all', label: t('repeated.all') },
          ]}
        />
      }
    >
      <Typography.Paragraph type="secondary" style={{ fontSize: 12, marginBottom: 4 }}>
        {t('repeated.help')}
      </Typography.Paragraph>
      <List
        size="small"
        loading={clusters.isLoading}
        dataSource={clusters.data?.items ?? []}
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('repeated.none')} /> }}
        renderItem={(c) => (
          <List.Item
            data-testid="cluster"
            style={{ cursor: 'pointer', alignItems: 'flex-start' }}
            onClick={() => onOpen(c, sentiment)}
          >
            <Space direction="vertical" size={2} style={{ width: '100%', minWidth: 0 }}>
              <Space size={8} align="start" style={{ width: '100%' }}>
                <Tag color={SENTIMENT_COLOR[c.dominantSentiment]} style={{ marginInlineEnd: 0, fontWeight: 600 }}>
                  {t('repeated.times', { n: c.count })}
                </Tag>
                <Typography.Paragraph ellipsis={{ rows: 2 }} style={{ marginBottom: 0, wordBreak: 'break-word' }}>
                  <a>{c.representative}</a>
                </Typography.Paragraph>
              </Space>
              <Space wrap size={4}>
                {c.topTopic && <Tag>{label(c.topTopic)}</Tag>}
                {c.units.slice(0, 3).map((u) => (
                  <Typography.Text key={u.id} type="secondary" style={{ fontSize: 12 }}>
                    {unitLabel(u)} ×{u.count}
                  </Typography.Text>
                ))}
                {c.units.length > 3 && (
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    +{c.units.length - 3}
                  </Typography.Text>
                )}
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {t('repeated.seen', { first: time.date(c.firstSeen), last: time.date(c.lastSeen) })}
                </Typography.Text>
              </Space>
            </Space>
          </List.Item>
        )}
      />
    </Card>
  );
}
