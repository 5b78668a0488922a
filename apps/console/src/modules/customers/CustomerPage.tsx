import {
  CommentOutlined,
  FrownOutlined,
  MehOutlined,
  PhoneOutlined,
  ShoppingCartOutlined,
  SmileOutlined,
  ThunderboltOutlined,
  ToolOutlined,
} from '@ant-design/icons';
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  Descriptions,
  Empty,
  Input,
  Row,
  Space,
  Spin,
  Tag,
  Timeline,
  Tooltip,
  Typography,
} from 'antd';
import { type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { useMe } from '../../lib/me.tsx';
import { useUnitLabel } from '../../lib/org.ts';
import { useTenantTime } from '../../lib/time.ts';
import { NbaCard } from '../nba/NbaCard.tsx';
import { HeldProducts } from '../products/HeldProducts.tsx';
import {
  type TimelineEntry,
  useAddCustomerTag,
  useCustomer,
  useCustomerTimeline,
  useRemoveCustomerTag,
} from './api.ts';
import { MergeDialog } from './MergeDialog.tsx';
import { customerLabel, TIER_COLOR } from './shared.ts';

const NPS_COLOR = { promoter: 'green', passive: 'gold', detractor: 'red' } as const;

/** One customer: masked identities, attributes, tags (editable), tier, segments and the 360 timeline. */
export function CustomerPage() {
  const { id } = useParams();
  const { t } = useTranslation('customers');
  const me = useMe();
  const { message } = App.useApp();
  const [newTag, setNewTag] = useState('');
  const [merging, setMerging] = useState(false);
  const customer = useCustomer(id);
  const live = customer.data && !customer.data.mergedInto;
  const timeline = useCustomerTimeline(id, !!live);
  const onError = (err: Error) => message.error(err.message);
  const addTag = useAddCustomerTag(id, { onSuccess: () => setNewTag(''), onError });
  const removeTag = useRemoveCustomerTag(id, { onError });
  if (customer.isLoading) return <Spin />;
  const c = customer.data;
  if (!c) return <Alert type="error" message={(customer.error as Error)?.message} />;
  const canWrite = me.can('customers.write');
  const items = timeline.data?.pages.flatMap((p) => p.items) ?? [];
  const hidden = timeline.data?.pages[0]?.hidden ?? [];
  const tagNames = [...new Set(c.tags.map((x) => x.tag))];
  return (
    <div>
      <Space wrap style={{ marginBottom: 12 }}>
        <Typography.Title level={4} style={{ margin: 0 }} data-testid="customer-name">
          {customerLabel(c)}
        </Typography.Title>
        {c.tier && <Tag color={TIER_COLOR[c.tier] ?? 'blue'}>{c.tier}</Tag>}
        {canWrite && live && (
          <Button size="small" onClick={() => setMerging(true)}>
            {t('merge')}
          </Button>
        )}
      </Space>
      {c.mergedInto && (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 12 }}
          message={t('merged')}
          action={<Link to={`/customers/${c.mergedInto}`}>{t('openSurvivor')}</Link>}
        />
      )}
      <Row gutter={[12, 12]}>
        <Col xs={24} lg={9}>
          {live && <NbaCard customerId={c.id} />}
          <Card size="small" title={t('identities')} style={{ marginBottom: 12 }}>
            <Descriptions
              size="small"
              column={1}
              items={c.identities.map((i, n) => ({
                key: n,
                label: t(`kind.${i.kind}`),
                children: <span data-testid={`identity-${i.kind}`}>{i.display}</span>,
              }))}
            />
          </Card>
          <Card size="small" title={t('tags')} style={{ marginBottom: 12 }}>
            <Space wrap size={4}>
              {tagNames.map((tag) => {
                const rule = c.tags.some((x) => x.tag === tag && x.source === 'rule');
                const manual = c.tags.some((x) => x.tag === tag && x.source === 'manual');
                const el = (
                  <Tag
                    key={tag}
                    color={rule ? 'gold' : undefined}
                    closable={canWrite && manual && !rule}
                    onClose={(e) => {
                      e.preventDefault();
                      removeTag.mutate(tag);
                    }}
                  >
                    {tag}
                  </Tag>
                );
                return rule ? (
                  <Tooltip key={tag} title={t('ruleTag')}>
                    {el}
                  </Tooltip>
                ) : (
                  el
                );
              })}
              {canWrite && live && (
                <Input
                  size="small"
                  style={{ width: 110 }}
                  placeholder={t('addTag')}
                  value={newTag}
                  maxLength={40}
                  onChange={(e) => setNewTag(e.target.value)}
                  onPressEnter={() => newTag.trim() && addTag.mutate(newTag.trim())}
                />
              )}
            </Space>
          </Card>
          <Card size="small" title={t('attributes')} style={{ marginBottom: 12 }}>
            {Object.keys(c.attributes).length ? (
              <Descriptions
                size="small"
                column={1}
                items={Object.entries(c.attributes).map(([k, v]) => ({ key: k, label: k, children: String(v) }))}
              />
            ) : (
              <Typography.Text type="secondary">{t('noAttributes')}</Typography.Text>
            )}
          </Card>
          <HeldProducts customerId={c.id} />
          {!!c.segments?.length && (
            <Card size="small" title={t('segments')}>
              <Space wrap size={4}>
                {c.segments.map((s) => (
                  <Tag key={s.id} color="blue">
                    {s.name}
                  </Tag>
                ))}
              </Space>
            </Card>
          )}
        </Col>
        <Col xs={24} lg={15}>
          <Card size="small" title={t('timeline')}>
            {hidden.length > 0 && (
              <Typography.Paragraph type="secondary">
                {t('hidden', { kinds: hidden.map((k) => t(`tl.${k}`)).join(', ') })}
              </Typography.Paragraph>
            )}
            {timeline.isLoading ? (
              <Spin />
            ) : items.length === 0 ? (
              <Empty description={t('empty')} />
            ) : (
              <Timeline
                items={items.map((it) => ({
                  key: `${it.kind}-${it.id}`,
                  dot: icon(it),
                  children: <TimelineItem item={it} />,
                }))}
              />
            )}
            {timeline.hasNextPage && (
              <Button block onClick={() => timeline.fetchNextPage()} loading={timeline.isFetchingNextPage}>
                {t('more')}
              </Button>
            )}
          </Card>
        </Col>
      </Row>
      {merging && <MergeDialog survivor={c} onClose={() => setMerging(false)} />}
    </div>
  );
}

function icon(it: TimelineEntry): ReactNode {
  if (it.kind === 'response') {
    const g = it.npsGroup as keyof typeof NPS_COLOR | null;
    return g === 'detractor' ? (
      <FrownOutlined style={{ color: '#cf1322' }} />
    ) : g === 'passive' ? (
      <MehOutlined style={{ color: '#d48806' }} />
    ) : (
      <SmileOutlined style={{ color: '#389e0d' }} />
    );
  }
  if (it.kind === 'ticket') return <ToolOutlined style={{ color: '#cf1322' }} />;
  if (it.kind === 'feedback') return <CommentOutlined />;
  const type = String(it.type);
  if (type.startsWith('order.')) return <ShoppingCartOutlined style={{ color: '#1677ff' }} />;
  if (type.startsWith('call.')) return <PhoneOutlined style={{ color: '#722ed1' }} />;
  return <ThunderboltOutlined />;
}

function TimelineItem({ item: it }: { item: TimelineEntry }) {
  const time = useTenantTime();
  const { t } = useTranslation('customers');
  const unitLabel = useUnitLabel();
  const when = (
    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
      {time.dateTime(it.at)}
      {it.orgUnit ? ` · ${unitLabel(it.orgUnit)}` : ''}
    </Typography.Text>
  );
  let body: ReactNode;
  if (it.kind === 'response') {
    const scores = (it.scores ?? {}) as Record<string, number>;
    const g = it.npsGroup as keyof typeof NPS_COLOR | null;
    body = (
      <>
        <Typography.Text strong>
          {t('tl.response')}: {String(it.surveyName)}
        </Typography.Text>{' '}
        {Object.entries(scores)
          .filter(([k]) => !k.includes(':'))
          .map(([k, v]) => (
            <Tag key={k}>
              {k.toUpperCase()} {v}
            </Tag>
          ))}
        {g && <Tag color={NPS_COLOR[g]}>{t(`tl.nps.${g}`)}</Tag>}
        {typeof it.comment === 'string' && <div>“{it.comment}”</div>}
      </>
    );
  } else if (it.kind === 'event') {
    const type = String(it.type);
    const label = type.startsWith('order.') ? t('tl.order') : type.startsWith('call.') ? t('tl.call') : type;
    const props = (it.properties ?? {}) as Record<string, unknown>;
    body = (
      <>
        <Typography.Text strong>{label}</Typography.Text> <Tag>{type}</Tag>
        {it.value !== null && it.value !== undefined && (
          <Tag color="blue">{type.startsWith('order.') ? `¥${it.value}` : String(it.value)}</Tag>
        )}
        {Object.entries(props)
          .filter(([k]) => ['channel', 'reason', 'valid', 'items'].includes(k))
          .map(([k, v]) => (
            <Tag key={k}>
              {k}: {String(v)}
            </Tag>
          ))}
      </>
    );
  } else if (it.kind === 'ticket') {
    body = (
      <>
        <Link to={`/tickets/${it.id}`}>
          <Typography.Text strong>
            {t('tl.ticket')} T-{String(it.number).padStart(6, '0')}
          </Typography.Text>
        </Link>{' '}
        <Tag>{String(it.status)}</Tag> <Tag>{String(it.priority)}</Tag>
        <div>{String(it.title)}</div>
      </>
    );
  } else {
    body = (
      <>
        <Typography.Text strong>{t('tl.feedback')}</Typography.Text> <Tag>{String(it.source)}</Tag>
        {it.rating != null && <Tag>★ {String(it.rating)}</Tag>}
        <Typography.Paragraph style={{ marginBottom: 0 }} ellipsis={{ rows: 2, expandable: true }}>
          {String(it.text)}
        </Typography.Paragraph>
      </>
    );
  }
  return (
    <div data-testid={`timeline-${it.kind}`}>
      {body}
      <div>{when}</div>
    </div>
  );
}
