import { RightOutlined } from '@ant-design/icons';
import { Alert, Card, Col, Empty, Grid, List, Row, Skeleton, Space, Statistic, Table, Tag, Typography } from 'antd';
import type { HTMLAttributes } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { useLiveEvents } from '../../lib/live.ts';
import { useMe } from '../../lib/me.tsx';
import { TicketCards } from '../tickets/TicketCards.tsx';
import { type Attention, type Home, type Move, useHome, useRefreshHome } from './api.ts';

const SEVERITY_COLOR: Record<Attention['severity'], string> = { high: '#cf1322', medium: '#d46b08', low: '#1677ff' };
const TAG_COLOR: Record<Attention['severity'], string> = { high: 'red', medium: 'orange', low: 'blue' };

/** A metric value as the home page shows it: NPS in points, CSAT top-box in %, CES to two decimals. */
function fmt(metric: string, v: number | null) {
  if (v === null) return '—';
  return metric === 'csat' ? `${v.toFixed(1)}%` : metric === 'ces' ? v.toFixed(2) : v.toFixed(1);
}

/** One attention card: severity colour, count, title, detail, and the link to where it is handled. */
function AttentionCard({ item }: { item: Attention }) {
  const { t } = useTranslation('home');
  return (
    <Link to={item.link} data-testid="attention-link" style={{ display: 'block', color: 'inherit' }}>
      <Card
        size="small"
        hoverable
        data-testid="attention-card"
        data-kind={item.kind}
        data-severity={item.severity}
        style={{ borderLeft: `4px solid ${SEVERITY_COLOR[item.severity]}`, height: '100%' }}
        styles={{ body: { padding: 12 } }}
      >
        <div style={{ display: 'flex', alignItems: 'flex-start', justifyContent: 'space-between', gap: 8 }}>
          <Space direction="vertical" size={2} style={{ minWidth: 0 }}>
            <Tag color={TAG_COLOR[item.severity]}>{t(`sev.${item.severity}`)}</Tag>
            <Typography.Text strong data-testid="attention-title" style={{ wordBreak: 'break-word' }}>
              {item.title}
            </Typography.Text>
            {item.detail && (
              <Typography.Text type="secondary" data-testid="attention-detail" style={{ fontSize: 12 }}>
                {item.detail}
              </Typography.Text>
            )}
          </Space>
          {item.count !== undefined && (
            <Typography.Text
              strong
              data-testid="attention-count"
              style={{ fontSize: 22, color: SEVERITY_COLOR[item.severity], whiteSpace: 'nowrap', flexShrink: 0 }}
            >
              {item.count}
            </Typography.Text>
          )}
        </div>
        <Typography.Link style={{ display: 'block', marginTop: 6, fontSize: 12 }}>
          {t('open')} <RightOutlined />
        </Typography.Link>
      </Card>
    </Link>
  );
}

/** A store's own numbers, tickets and praise: what its people look at on a phone. */
function Frontline({ data }: { data: NonNullable<Home['frontline']> }) {
  const { t, i18n } = useTranslation('home');
  const name = i18n.language === 'en' && data.unitNameEn ? data.unitNameEn : data.unitName;
  const score = (s: { metric: string; value: number | null; n: number }, when: string) => (
    <Col xs={12} md={6} key={`${when}-${s.metric}`}>
      <Card size="small" data-testid={`frontline-${when}-${s.metric}`}>
        <Statistic
          title={`${t(when)} ${s.metric.toUpperCase()}`}
          value={s.value === null ? t('lowN') : fmt(s.metric, s.value)}
          valueStyle={s.value === null ? { fontSize: 14 } : undefined}
        />
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          n = {s.n}
        </Typography.Text>
      </Card>
    </Col>
  );
  return (
    <div data-testid="frontline" style={{ marginBottom: 16 }}>
      <Typography.Title level={5} style={{ marginTop: 0 }}>
        {t('myStore')} · {name}
      </Typography.Title>
      <Row gutter={[8, 8]}>
        {data.today.map((s) => score(s, 'today'))}
        {data.week.map((s) => score(s, 'week'))}
      </Row>
    </div>
  );
}

function FrontlineLists({ data }: { data: NonNullable<Home['frontline']> }) {
  const { t } = useTranslation('home');
  return (
    <Row gutter={[16, 16]} style={{ marginTop: 16 }}>
      <Col xs={24} md={12}>
        <Typography.Title level={5}>
          {t('myTickets', { n: data.openTicketCount })} <Link to="/tickets?view=units">{t('allTickets')}</Link>
        </Typography.Title>
        {data.openTickets.length ? (
          <TicketCards tickets={data.openTickets} loading={false} />
        ) : (
          <Empty description={t('noTickets')} />
        )}
      </Col>
      <Col xs={24} md={12}>
        <Typography.Title level={5}>{t('praise')}</Typography.Title>
        <List
          size="small"
          bordered
          data-testid="praise"
          locale={{ emptyText: t('noPraise') }}
          dataSource={data.praise}
          renderItem={(p) => (
            <List.Item data-testid="praise-item">
              <Space direction="vertical" size={0}>
                <Typography.Text>“{p.text}”</Typography.Text>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {new Date(p.at).toLocaleString()}
                </Typography.Text>
              </Space>
            </List.Item>
          )}
        />
      </Col>
    </Row>
  );
}

/** The metric movers with the test that decided each: a table on a desk, a list on a phone. */
function Movers({ moves }: { moves: Move[] }) {
  const { t, i18n } = useTranslation('home');
  const phone = !Grid.useBreakpoint().md;
  const unit = (m: Move) => (i18n.language === 'en' && m.unitNameEn ? m.unitNameEn : m.unitName);
  const change = (m: Move) => (
    <Typography.Text type={m.significant ? (isWorse(m) ? 'danger' : 'success') : 'secondary'}>
      {m.change > 0 ? '+' : ''}
      {m.metric === 'ces' ? m.change.toFixed(2) : m.change.toFixed(1)}
    </Typography.Text>
  );
  const verdict = (m: Move) => (
    <Tag color={m.significant ? (isWorse(m) ? 'red' : 'green') : undefined}>
      {m.significant ? t('significant') : t('notSignificant')}
    </Tag>
  );
  const test = (m: Move) => `${t(`tests.${m.test}`)} ${m.pValue < 0.001 ? 'p<0.001' : `p=${m.pValue.toFixed(3)}`}`;
  return (
    <Card size="small" title={t('movers')} style={{ marginTop: 16 }} data-testid="movers">
      <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
        {t('moversHint')}
      </Typography.Paragraph>
      {phone ? (
        <List
          size="small"
          dataSource={moves}
          locale={{ emptyText: t('noMovers') }}
          renderItem={(m) => (
            <List.Item data-testid="mover">
              <Link to={m.link} style={{ color: 'inherit', width: '100%' }}>
                <Space direction="vertical" size={0} style={{ width: '100%' }}>
                  <Space wrap>
                    <Typography.Text strong>{unit(m)}</Typography.Text>
                    <Tag>{m.metric.toUpperCase()}</Tag>
                    {verdict(m)}
                  </Space>
                  <Typography.Text style={{ fontSize: 12 }}>
                    {fmt(m.metric, m.previous.value)} → {fmt(m.metric, m.current.value)} ({change(m)}), n=
                    {m.current.n}, {test(m)}
                  </Typography.Text>
                </Space>
              </Link>
            </List.Item>
          )}
        />
      ) : (
        <Table
          size="small"
          rowKey={(m) => `${m.orgUnitId}-${m.metric}`}
          dataSource={moves}
          pagination={false}
          locale={{ emptyText: t('noMovers') }}
          onRow={() => ({ 'data-testid': 'mover' }) as HTMLAttributes<HTMLElement>}
          columns={[
            { title: t('unit'), render: (_, m) => <Link to={m.link}>{unit(m)}</Link> },
            { title: t('metric'), render: (_, m) => m.metric.toUpperCase() },
            { title: t('previous'), render: (_, m) => `${fmt(m.metric, m.previous.value)} (n=${m.previous.n})` },
            { title: t('current'), render: (_, m) => `${fmt(m.metric, m.current.value)} (n=${m.current.n})` },
            { title: t('change'), render: (_, m) => change(m) },
            { title: t('test'), render: (_, m) => test(m) },
            { title: '', render: (_, m) => verdict(m) },
          ]}
        />
      )}
    </Card>
  );
}

/** Lower CES is better: a rise is the bad direction there. */
const isWorse = (m: Move) => (m.metric === 'ces' ? m.change > 0 : m.change < 0);

/** The home page: what needs my attention in my scope; a store's frontline view; HQ and regions see the movers. */
export function HomePage() {
  const { t, i18n } = useTranslation('home');
  const me = useMe();
  const home = useHome(i18n.language);
  // A ticket opened, answered or resolved in scope changes the cards: refresh (the query runs once per view).
  useLiveEvents(['tickets'], useRefreshHome());
  const unitName = i18n.language === 'en' && me.orgUnit.nameEn ? me.orgUnit.nameEn : me.orgUnit.name;
  const data = home.data;
  return (
    <div style={{ maxWidth: 1200 }}>
      <Typography.Title level={4} style={{ marginBottom: 4 }}>
        {t('title')}
      </Typography.Title>
      <Typography.Paragraph type="secondary">{t('scope', { unit: unitName })}</Typography.Paragraph>
      {home.isError && <Alert type="error" showIcon message={home.error.message} />}
      {!data && home.isLoading && <Skeleton active />}
      {data && (
        <>
          {data.frontline && <Frontline data={data.frontline} />}
          {data.unavailable.length > 0 && (
            <Alert
              type="warning"
              showIcon
              style={{ marginBottom: 12 }}
              message={t('unavailable', { names: data.unavailable.join(', ') })}
            />
          )}
          {data.attention.length === 0 ? (
            <Card size="small" data-testid="all-clear">
              <Typography.Text type="success">{t('allClear')}</Typography.Text>
            </Card>
          ) : (
            <Row gutter={[12, 12]} data-testid="attention">
              {data.attention.map((item) => (
                <Col xs={24} md={12} xl={8} key={`${item.kind}:${item.link}`}>
                  <AttentionCard item={item} />
                </Col>
              ))}
            </Row>
          )}
          {data.frontline && <FrontlineLists data={data.frontline} />}
          {!data.frontline && me.can('metrics.read') && <Movers moves={data.movers} />}
        </>
      )}
    </div>
  );
}
