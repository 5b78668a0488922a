import { Alert, Card, Col, Empty, Row, Segmented, Statistic, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Chart } from '../../components/Chart.tsx';
import { chartFrame } from '../../lib/charts.ts';
import { useLiveEvents } from '../../lib/live.ts';
import { useRefreshText, useTextSummary, useTopicTrend, useWordCloud } from './api.ts';
import { RepeatedNeeds } from './RepeatedNeeds.tsx';
import { type Sentiment, type TextFilters, TRIAGE_COLOR, TRIAGE_ORDER, type Triage, useTopicLabel } from './shared.tsx';
import { VerbatimsDrawer } from './Verbatims.tsx';
import { WordCloud } from './WordCloud.tsx';

const pct = (v: number | null | undefined) => (v === null || v === undefined ? '—' : `${v.toFixed(1)}%`);

/**
 * "Which needs are real": comments per triage class over the period, complaints and suggestions first. A chip
 * narrows the page to its class (again to widen); the counts stay those of every class.
 */
function TriageStrip({
  counts,
  selected,
  onToggle,
}: {
  counts: Record<Triage | 'unclassified', number>;
  selected: readonly Triage[];
  onToggle: (c: Triage) => void;
}) {
  const { t } = useTranslation('text');
  return (
    <Card size="small" style={{ marginBottom: 12 }} data-testid="triage-strip">
      <Typography.Text type="secondary" style={{ marginRight: 8 }}>
        {t('triageStrip')}
      </Typography.Text>
      <span style={{ display: 'inline-flex', flexWrap: 'wrap', gap: 6 }}>
        {TRIAGE_ORDER.map((c) => (
          <Tag.CheckableTag
            key={c}
            checked={selected.includes(c)}
            onChange={() => onToggle(c)}
            data-testid={`triage-chip-${c}`}
            style={{ border: '1px solid #d9d9d9', padding: '2px 8px' }}
          >
            <Tag color={TRIAGE_COLOR[c]} bordered={false} style={{ marginInlineEnd: 4 }}>
              {t(`triage.${c}`)}
            </Tag>
            {counts[c]}
          </Tag.CheckableTag>
        ))}
        {counts.unclassified > 0 && (
          <Typography.Text type="secondary">{t('triageUnclassified', { n: counts.unclassified })}</Typography.Text>
        )}
      </span>
    </Card>
  );
}

/** Topics × sentiment, trend per topic, word cloud; every number drills to the comments behind it. */
export function OverviewPanel({
  filters,
  initialDrill,
  onFilters,
}: {
  filters: TextFilters;
  /** Narrows the page to triage classes (a click on the strip). */
  onFilters?: (f: TextFilters) => void;
  /** Comments to open at once (a link to a topic's negative comments); titled by the topic once loaded. */
  initialDrill?: { topicId: string; sentiment?: Sentiment };
}) {
  const { t } = useTranslation('text');
  const label = useTopicLabel();
  const [drill, setDrill] = useState<
    { topicId?: string; sentiment?: Sentiment; cluster?: string; title: string } | undefined
  >(initialDrill ? { ...initialDrill, title: '' } : undefined);
  const [trendTopic, setTrendTopic] = useState<string>();
  const [interval, setInterval] = useState<'day' | 'week'>('week');
  const summary = useTextSummary(filters);
  const topics = (summary.data?.topics ?? []).filter((x) => x.n > 0);
  const trendId = trendTopic ?? topics[0]?.topicId;
  const trend = useTopicTrend(filters, trendId, interval);
  const cloud = useWordCloud(filters);
  const refresh = useRefreshText();
  useLiveEvents(['text'], refresh);
  if (summary.isSuccess && summary.data.total.n === 0) return <Empty description={t('noData')} />;
  const top = topics.slice(0, 15);
  const open = (topicId: string | undefined, sentiment: Sentiment | undefined, title: string) =>
    setDrill({ topicId, sentiment, title });
  return (
    <>
      {summary.data && (
        <TriageStrip
          counts={summary.data.triage}
          selected={filters.triage ?? []}
          onToggle={(c) => {
            const cur = filters.triage ?? [];
            const next = cur.includes(c) ? cur.filter((x) => x !== c) : [...cur, c];
            onFilters?.({ ...filters, triage: next.length ? next : undefined });
          }}
        />
      )}
      <Row gutter={[12, 12]} style={{ marginBottom: 12 }}>
        <Col xs={12} md={6}>
          <Card size="small">
            <Statistic title={t('comments')} value={summary.data?.total.n ?? 0} />
          </Card>
        </Col>
        <Col xs={12} md={6}>
          <Card size="small" hoverable onClick={() => open(undefined, 'negative', t('negativeComments'))}>
            <Statistic
              title={t('negativeShare')}
              value={pct(summary.data?.total.negativeShare)}
              valueStyle={{ color: '#cf1322' }}
            />
          </Card>
        </Col>
        <Col xs={12} md={6}>
          <Card size="small">
            <Statistic title={t('previousShare')} value={pct(summary.data?.total.previous.negativeShare)} />
          </Card>
        </Col>
        <Col xs={12} md={6}>
          <Card size="small">
            <Statistic title={t('topicsSeen')} value={topics.length} />
          </Card>
        </Col>
      </Row>
      <Card size="small" title={t('topicsBySentiment')} style={{ marginBottom: 12 }}>
        {top.length > 0 && (
          <Chart
            style={{ height: Math.max(220, top.length * 26) }}
            onEvents={{
              click: (e: { dataIndex: number; seriesIndex: number }) =>
                open(
                  top[e.dataIndex].topicId,
                  (['negative', 'neutral', 'positive'] as const)[e.seriesIndex],
                  label(top[e.dataIndex]),
                ),
            }}
            option={{
              tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
              ...chartFrame({ legend: true }),
              xAxis: { type: 'value' },
              yAxis: { type: 'category', inverse: true, data: top.map((x) => label(x)) },
              series: (['negative', 'neutral', 'positive'] as const).map((s) => ({
                name: t(`s.${s}`),
                type: 'bar',
                stack: 'n',
                itemStyle: { color: s === 'negative' ? '#ff4d4f' : s === 'neutral' ? '#d9d9d9' : '#73d13d' },
                data: top.map((x) => x[s]),
              })),
            }}
          />
        )}
        <Table
          rowKey="topicId"
          size="small"
          loading={summary.isLoading}
          dataSource={topics}
          pagination={false}
          scroll={{ x: 560 }}
          data-testid="topic-table"
          columns={[
            {
              title: t('topic'),
              render: (_, r) => <a onClick={() => open(r.topicId, undefined, label(r))}>{label(r)}</a>,
            },
            { title: t('volume'), dataIndex: 'n', sorter: (a, b) => a.n - b.n, defaultSortOrder: 'descend' },
            {
              title: t('negativeShare'),
              sorter: (a, b) => (a.negativeShare ?? 0) - (b.negativeShare ?? 0),
              render: (_, r) => (
                <a
                  onClick={() => open(r.topicId, 'negative', `${label(r)} · ${t('s.negative')}`)}
                  style={{ color: '#cf1322' }}
                >
                  {pct(r.negativeShare)}
                </a>
              ),
            },
            { title: t('negative'), dataIndex: 'negative' },
            { title: t('positive'), dataIndex: 'positive' },
            {
              title: t('change'),
              render: (_, r) =>
                r.change === null ? (
                  '—'
                ) : (
                  <Tag color={r.change > 0 ? 'red' : 'green'}>
                    {r.change > 0 ? '+' : ''}
                    {r.change.toFixed(1)} pt
                  </Tag>
                ),
            },
            { title: t('trend'), render: (_, r) => <a onClick={() => setTrendTopic(r.topicId)}>{t('showTrend')}</a> },
          ]}
        />
      </Card>
      <RepeatedNeeds
        filters={filters}
        onOpen={(c, sentiment) => setDrill({ cluster: c.id, sentiment, title: t('repeated.drawer', { n: c.count }) })}
      />
      <Row gutter={[12, 12]}>
        <Col xs={24} lg={14}>
          <Card
            size="small"
            title={`${t('trend')}: ${label(topics.find((x) => x.topicId === trendId) ?? { name: '' })}`}
            extra={
              <Segmented
                size="small"
                value={interval}
                onChange={(v) => setInterval(v as 'day' | 'week')}
                options={[
                  { value: 'day', label: t('day') },
                  { value: 'week', label: t('week') },
                ]}
              />
            }
          >
            {trend.data && (
              <Chart
                style={{ height: 260 }}
                option={{
                  tooltip: { trigger: 'axis' },
                  ...chartFrame({ legend: true }),
                  xAxis: { type: 'category', data: trend.data.points.map((p) => p.period.slice(5)) },
                  yAxis: [{ type: 'value' }, { type: 'value', max: 100, axisLabel: { formatter: '{value}%' } }],
                  series: [
                    {
                      name: t('volume'),
                      type: 'bar',
                      data: trend.data.points.map((p) => p.n),
                      itemStyle: { color: '#91caff' },
                    },
                    {
                      name: t('negativeShare'),
                      type: 'line',
                      yAxisIndex: 1,
                      data: trend.data.points.map((p) =>
                        p.negativeShare === null ? null : Math.round(p.negativeShare),
                      ),
                      itemStyle: { color: '#cf1322' },
                    },
                  ],
                }}
              />
            )}
          </Card>
        </Col>
        <Col xs={24} lg={10}>
          <Card size="small" title={t('wordCloud')}>
            {cloud.data && <WordCloud terms={cloud.data.terms} />}
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t('cloudHelp')}
            </Typography.Text>
          </Card>
        </Col>
      </Row>
      {summary.isError && <Alert type="error" message={(summary.error as Error).message} />}
      <VerbatimsDrawer
        open={!!drill}
        onClose={() => setDrill(undefined)}
        filters={filters}
        topicId={drill?.topicId}
        sentiment={drill?.sentiment}
        cluster={drill?.cluster}
        title={
          drill?.title ||
          (() => {
            const topic = summary.data?.topics.find((x) => x.topicId === drill?.topicId);
            return topic ? label(topic) : '';
          })()
        }
      />
    </>
  );
}
