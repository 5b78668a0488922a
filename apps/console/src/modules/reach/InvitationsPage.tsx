import { INVITATION_STATUSES } from '@loopcx/shared';
import { App, Button, DatePicker, Form, Input, Select, Space, Tag, Tooltip, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { type HTMLAttributes, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router-dom';
import { ResponsiveList } from '../../components/ListPage.tsx';
import { useMe } from '../../lib/me.tsx';
import { useTenantTime } from '../../lib/time.ts';
import { useSurveys } from '../surveys/api.ts';
import {
  type FunnelGroup,
  type Invitation,
  useChannels,
  useInvitations,
  useResendInvitation,
  useTriggers,
} from './api.ts';
import { FunnelCard } from './FunnelCard.tsx';

const STATUS_COLOR: Record<string, string> = {
  created: 'default',
  scheduled: 'default',
  sent: 'blue',
  delivered: 'blue',
  opened: 'cyan',
  started: 'geekblue',
  completed: 'green',
  expired: 'default',
  suppressed: 'orange',
  failed: 'red',
};
/** Statuses an invitation can be sent again from (the server refuses after opt-out, a response or expiry). */
const RESENDABLE = new Set(['failed', 'sent', 'delivered', 'opened', 'started']);

interface Filters {
  customer?: string;
  triggerId?: string;
  channelId?: string;
  status?: string;
  period?: [Dayjs, Dayjs] | null;
}

/**
 * Distribution → Invitations: every invitation in the caller's scope with its lifecycle status (the suppression
 * reason, the send error and attempts), resend, a link to the customer's timeline, and the response-rate funnel
 * for the same date range and trigger.
 */
export function InvitationsPage() {
  const time = useTenantTime();
  const { t } = useTranslation('reach');
  const { message } = App.useApp();
  const me = useMe();
  const [form] = Form.useForm<Filters>();
  const [search, setSearch] = useSearchParams();
  const [groupBy, setGroupBy] = useState<FunnelGroup>('survey');
  const manage = me.can('reach.manage');
  const triggers = useTriggers(manage);
  const channels = useChannels(manage);
  const surveys = useSurveys();
  const triggerName = new Map((triggers.data ?? []).map((x) => [x.id, x.name]));
  const channelName = new Map((channels.data ?? []).map((x) => [x.id, x.name]));
  const surveyName = new Map((surveys.data ?? []).map((x) => [x.id, x.name]));

  const filters = useMemo(() => {
    const p = new URLSearchParams();
    for (const k of ['customer', 'triggerId', 'channelId', 'status', 'from', 'to']) {
      const v = search.get(k);
      if (v) p.set(k, v);
    }
    return p;
  }, [search]);
  // The funnel reads the date range and the trigger; customer, channel and status narrow only the list.
  const funnelFilters = useMemo(() => {
    const p = new URLSearchParams();
    for (const k of ['triggerId', 'from', 'to']) {
      const v = filters.get(k);
      if (v) p.set(k, v);
    }
    return p;
  }, [filters]);
  const list = useInvitations(filters);
  const items = list.data?.pages.flatMap((p) => p.items) ?? [];
  const resend = useResendInvitation({
    onSuccess: () => message.success(t('invitations.resent')),
    onError: (err) => message.error(err.message),
  });

  const apply = (v: Filters) => {
    const p = new URLSearchParams();
    if (v.customer?.trim()) p.set('customer', v.customer.trim());
    if (v.triggerId) p.set('triggerId', v.triggerId);
    if (v.channelId) p.set('channelId', v.channelId);
    if (v.status) p.set('status', v.status);
    if (v.period?.[0]) p.set('from', v.period[0].startOf('day').toISOString());
    if (v.period?.[1]) p.set('to', v.period[1].add(1, 'day').startOf('day').toISOString());
    setSearch(p, { replace: true });
  };

  const status = (i: Invitation) => (
    <Space direction="vertical" size={2}>
      <Space size={4} wrap>
        <Tag color={STATUS_COLOR[i.status]} data-testid="invitation-status">
          {t(`status.${i.status}`)}
        </Tag>
        {i.reason && <Tag data-testid="invitation-reason">{t(`reasons.${i.reason}`, { defaultValue: i.reason })}</Tag>}
      </Space>
      {i.error && (
        <Typography.Text type="danger" style={{ wordBreak: 'break-word' }}>
          {i.error}
        </Typography.Text>
      )}
      {i.attempts > 1 && (
        <Typography.Text type="secondary">{t('invitations.attempts', { n: i.attempts })}</Typography.Text>
      )}
    </Space>
  );
  const customer = (i: Invitation) =>
    i.customerId ? (
      <Tooltip title={t('invitations.timeline')}>
        <Link to={`/customers/${i.customerId}`} data-testid="customer-link">
          {i.customerRef ?? t('invitations.customer')}
        </Link>
      </Tooltip>
    ) : (
      (i.customerRef ?? '—')
    );
  const source = (i: Invitation) => (
    <Space direction="vertical" size={0}>
      <Typography.Text>{surveyName.get(i.surveyId) ?? '—'}</Typography.Text>
      <Typography.Text type="secondary">
        {[
          i.triggerId ? (triggerName.get(i.triggerId) ?? t('invitations.trigger')) : null,
          i.channelId ? channelName.get(i.channelId) : null,
          i.interceptId ? t('invitations.intercept', { name: i.interceptName ?? '—' }) : null,
        ]
          .filter(Boolean)
          .join(' · ')}
      </Typography.Text>
    </Space>
  );
  const actions = (i: Invitation) => (
    <Space wrap>
      {i.url && ['sent', 'delivered', 'opened', 'started', 'scheduled', 'created'].includes(i.status) && (
        <Typography.Link href={i.url} target="_blank" rel="noreferrer" data-testid="invitation-link">
          {t('invitations.open')}
        </Typography.Link>
      )}
      {me.can('invitations.write') && i.channelId && RESENDABLE.has(i.status) && (
        <Button
          size="small"
          loading={resend.isPending && resend.variables === i.id}
          onClick={() => resend.mutate(i.id)}
        >
          {t('invitations.resend')}
        </Button>
      )}
    </Space>
  );

  return (
    <div>
      <Typography.Title level={4} style={{ marginTop: 0 }}>
        {t('invitations.title')}
      </Typography.Title>
      <Typography.Paragraph type="secondary">{t('invitations.help')}</Typography.Paragraph>
      <Form
        form={form}
        layout="inline"
        onFinish={apply}
        style={{ rowGap: 8, marginBottom: 12 }}
        data-testid="invitation-filters"
        initialValues={{
          customer: search.get('customer') ?? undefined,
          triggerId: search.get('triggerId') ?? undefined,
          channelId: search.get('channelId') ?? undefined,
          status: search.get('status') ?? undefined,
        }}
      >
        <Form.Item name="customer">
          <Input allowClear placeholder={t('invitations.customerFilter')} style={{ width: 180 }} />
        </Form.Item>
        {manage && (
          <Form.Item name="triggerId">
            <Select
              allowClear
              placeholder={t('invitations.trigger')}
              style={{ width: 180 }}
              options={(triggers.data ?? []).map((x) => ({ value: x.id, label: x.name }))}
            />
          </Form.Item>
        )}
        {manage && (
          <Form.Item name="channelId">
            <Select
              allowClear
              placeholder={t('invitations.channel')}
              style={{ width: 160 }}
              options={(channels.data ?? []).map((x) => ({ value: x.id, label: x.name }))}
            />
          </Form.Item>
        )}
        <Form.Item name="status">
          <Select
            allowClear
            placeholder={t('invitations.status')}
            style={{ width: 130 }}
            options={INVITATION_STATUSES.map((s) => ({ value: s, label: t(`status.${s}`) }))}
          />
        </Form.Item>
        <Form.Item name="period">
          <DatePicker.RangePicker style={{ width: 250 }} />
        </Form.Item>
        <Form.Item>
          <Button type="primary" htmlType="submit">
            {t('core:common.search')}
          </Button>
        </Form.Item>
      </Form>
      <FunnelCard groupBy={groupBy} onGroupBy={setGroupBy} filters={funnelFilters} />
      <ResponsiveList
        query={{ isLoading: list.isLoading, data: items }}
        empty={t('invitations.none')}
        cardTestId="invitation-card"
        card={(i) => (
          <>
            <Space wrap>
              {customer(i)}
              <Typography.Text type="secondary">{time.dateTime(i.createdAt)}</Typography.Text>
            </Space>
            <div>{source(i)}</div>
            <div style={{ marginTop: 4 }}>{status(i)}</div>
            <div style={{ marginTop: 8 }}>{actions(i)}</div>
          </>
        )}
        table={{
          size: 'small',
          pagination: false,
          onRow: () => ({ 'data-testid': 'invitation-row' }) as HTMLAttributes<HTMLElement>,
        }}
        columns={[
          {
            title: t('invitations.created'),
            dataIndex: 'createdAt',
            width: 170,
            render: (d: string) => time.dateTime(d),
          },
          { title: t('invitations.customer'), render: (_: unknown, i) => customer(i) },
          { title: t('invitations.survey'), render: (_: unknown, i) => source(i) },
          { title: t('invitations.status'), render: (_: unknown, i) => status(i) },
          { title: t('core:common.actions'), render: (_: unknown, i) => actions(i) },
        ]}
      />
      {list.hasNextPage && (
        <Button style={{ marginTop: 12 }} loading={list.isFetchingNextPage} onClick={() => list.fetchNextPage()}>
          {t('invitations.more')}
        </Button>
      )}
    </div>
  );
}
