import { Button, DatePicker, Descriptions, Form, Input, Select, Space, Table, Tag, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useTenantTime } from '../../lib/time.ts';
import { AuditDiff } from './AuditDiff.tsx';
import { type AuditEntry, type AuditFilters, useAuditLog } from './api.ts';

const PRESETS: Record<string, string> = {
  logins: 'auth.',
  users: 'user.',
  apiKeys: 'api_key.',
  sso: 'sso.',
  alerts: 'alert_rule.',
  surveys: 'survey.',
};

function Details({ e }: { e: AuditEntry }) {
  const { t } = useTranslation('audit');
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <AuditDiff before={e.before} after={e.after} />
      <Descriptions size="small" column={{ xs: 1, md: 2 }}>
        <Descriptions.Item label={t('object')}>
          {e.object.type}
          {e.object.id ? ` · ${e.object.id}` : ''}
        </Descriptions.Item>
        <Descriptions.Item label={t('status')}>{e.status ?? '—'}</Descriptions.Item>
        <Descriptions.Item label={t('userAgent')}>
          <Typography.Text style={{ wordBreak: 'break-all' }}>{e.userAgent ?? '—'}</Typography.Text>
        </Descriptions.Item>
        <Descriptions.Item label={t('requestId')}>
          <Typography.Text code copyable={!!e.requestId}>
            {e.requestId ?? '—'}
          </Typography.Text>
        </Descriptions.Item>
      </Descriptions>
    </Space>
  );
}

/** The page (loaded when its route is first opened). */
export function AuditPage() {
  const time = useTenantTime();
  const { t } = useTranslation('audit');
  const [filters, setFilters] = useState<AuditFilters>({});
  const log = useAuditLog(filters);
  const items = log.data?.pages.flatMap((p) => p.items) ?? [];

  const apply = (v: {
    actor?: string;
    action?: string;
    objectType?: string;
    outcome?: AuditFilters['outcome'];
    period?: [Dayjs, Dayjs];
  }) =>
    setFilters({
      actor: v.actor?.trim() || undefined,
      action: v.action?.trim() || undefined,
      objectType: v.objectType?.trim() || undefined,
      outcome: v.outcome,
      from: v.period?.[0]?.startOf('day').toISOString(),
      to: v.period?.[1]?.endOf('day').toISOString(),
    });

  return (
    <div>
      <Typography.Title level={4} style={{ marginTop: 0 }}>
        {t('title')}
      </Typography.Title>
      <Typography.Paragraph type="secondary">
        {t('help')} {t('retention')}
      </Typography.Paragraph>
      <Form layout="inline" onFinish={apply} style={{ rowGap: 8, marginBottom: 12 }} data-testid="audit-filters">
        <Form.Item name="actor">
          <Input allowClear placeholder={t('actorPlaceholder')} style={{ width: 200 }} />
        </Form.Item>
        <Form.Item name="action">
          <Select
            allowClear
            showSearch
            placeholder={t('action')}
            style={{ width: 180 }}
            options={Object.entries(PRESETS).map(([k, v]) => ({ value: v, label: t(`presets.${k}`) }))}
          />
        </Form.Item>
        <Form.Item name="outcome">
          <Select
            allowClear
            placeholder={t('outcome')}
            style={{ width: 120 }}
            options={[
              { value: 'success', label: t('success') },
              { value: 'failure', label: t('failure') },
            ]}
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
      <Table
        rowKey="id"
        size="small"
        loading={log.isLoading}
        dataSource={items}
        pagination={false}
        scroll={{ x: 760 }}
        data-testid="audit-table"
        expandable={{ expandedRowRender: (e: AuditEntry) => <Details e={e} />, expandRowByClick: true }}
        columns={[
          { title: t('at'), dataIndex: 'at', width: 170, render: (d: string) => time.dateTime(d) },
          {
            title: t('actor'),
            render: (_: unknown, e: AuditEntry) => (
              <Space direction="vertical" size={0}>
                <Typography.Text>{e.actor.label ?? e.actor.id ?? '—'}</Typography.Text>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {t(`kinds.${e.actor.kind}`)}
                </Typography.Text>
              </Space>
            ),
          },
          {
            title: t('action'),
            dataIndex: 'action',
            render: (a: string) => <Typography.Text code>{a}</Typography.Text>,
          },
          {
            title: t('outcome'),
            dataIndex: 'outcome',
            width: 90,
            render: (o: string) => <Tag color={o === 'success' ? 'green' : 'red'}>{t(o)}</Tag>,
          },
          { title: t('from'), dataIndex: 'ip', width: 140, render: (ip: string | null) => ip ?? '—' },
        ]}
      />
      <div style={{ textAlign: 'center', marginTop: 12 }}>
        {log.hasNextPage ? (
          <Button onClick={() => log.fetchNextPage()} loading={log.isFetchingNextPage} data-testid="audit-more">
            {t('more')}
          </Button>
        ) : (
          items.length > 0 && <Typography.Text type="secondary">{t('end')}</Typography.Text>
        )}
      </div>
    </div>
  );
}
