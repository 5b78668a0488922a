import type { TEventType } from '@loopcx/shared';
import {
  App,
  Button,
  DatePicker,
  Input,
  Popconfirm,
  Select,
  Space,
  Table,
  Tabs,
  Tag,
  TreeSelect,
  Typography,
} from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMe } from '../../lib/me.tsx';
import { toTree, useOrgUnits, useUnitLabel } from '../../lib/org.ts';
import { useTenantTime } from '../../lib/time.ts';
import { type EventItem, useEvents, useEventTypes, useSetEventTypeStatus } from './api.ts';
import { EventTypeForm } from './EventTypeForm.tsx';
import { ImportDialog } from './ImportDialog.tsx';

function RecentEvents() {
  const { t, i18n } = useTranslation('events');
  const unitLabel = useUnitLabel();
  const units = useOrgUnits();
  const types = useEventTypes();
  const [type, setType] = useState<string>();
  const [unit, setUnit] = useState<string>();
  const [customer, setCustomer] = useState('');
  const [range, setRange] = useState<[Dayjs | null, Dayjs | null] | null>(null);
  const time = useTenantTime();
  const params = new URLSearchParams({ limit: '50' });
  if (type) params.set('type', type);
  if (unit) params.set('orgUnitId', unit);
  if (customer.trim()) params.set('customerRef', customer.trim());
  // The picked calendar days are the tenant's days, whatever zone the browser is in.
  if (range?.[0]) params.set('from', time.startOf(range[0].format('YYYY-MM-DD')));
  if (range?.[1]) params.set('to', time.endOf(range[1].format('YYYY-MM-DD')));
  const list = useEvents(params);
  const typeName = (k: string) => {
    const x = types.data?.find((y) => y.key === k);
    return x ? (i18n.language.startsWith('zh') ? x.name : (x.nameEn ?? x.name)) : k;
  };
  const items = list.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <>
      <Space wrap style={{ marginBottom: 12 }}>
        <Select
          allowClear
          placeholder={t('allTypes')}
          style={{ width: 180 }}
          value={type}
          onChange={setType}
          options={(types.data ?? []).map((x) => ({ value: x.key, label: `${typeName(x.key)} · ${x.key}` }))}
        />
        <TreeSelect
          allowClear
          placeholder={t('unit')}
          style={{ width: 200 }}
          value={unit}
          onChange={setUnit}
          treeData={toTree(units.data ?? [])}
          showSearch
          treeNodeFilterProp="title"
        />
        <DatePicker.RangePicker value={range} onChange={(v) => setRange(v)} style={{ maxWidth: 280 }} />
        <Input.Search allowClear placeholder={t('customerPh')} style={{ width: 180 }} onSearch={setCustomer} />
      </Space>
      <Table
        size="small"
        rowKey="id"
        loading={list.isLoading}
        dataSource={items}
        pagination={false}
        scroll={{ x: 900 }}
        locale={{ emptyText: t('none') }}
        columns={[
          {
            title: t('time'),
            dataIndex: 'occurredAt',
            width: 170,
            render: (d: string) => time.dateTime(d),
          },
          { title: t('type'), dataIndex: 'type', render: (k: string) => <Tag>{typeName(k)}</Tag> },
          { title: t('unit'), render: (_: unknown, e: EventItem) => (e.orgUnit ? unitLabel(e.orgUnit) : '—') },
          { title: t('customer'), dataIndex: 'customerRef', render: (c: string | null) => c ?? '—' },
          {
            title: t('value'),
            dataIndex: 'value',
            align: 'right',
            render: (v: number | null) => (v === null ? '—' : v.toLocaleString()),
          },
          {
            title: t('properties'),
            dataIndex: 'properties',
            render: (p: Record<string, unknown>) => (
              <Typography.Text style={{ fontSize: 12 }}>
                {Object.entries(p ?? {})
                  .map(
                    ([k, v]) =>
                      `${k}: ${typeof v === 'object' && v !== null ? Object.values(v).join(' / ') : String(v)}`,
                  )
                  .join(' · ')}
              </Typography.Text>
            ),
          },
          {
            title: t('source'),
            dataIndex: 'source',
            width: 80,
            render: (src: string) => t(`sources.${src}`, { defaultValue: src }),
          },
        ]}
      />
      {list.hasNextPage && (
        <Button style={{ marginTop: 8 }} loading={list.isFetchingNextPage} onClick={() => list.fetchNextPage()}>
          {t('loadMore')}
        </Button>
      )}
    </>
  );
}

function EventTypes() {
  const { t } = useTranslation('events');
  const { message } = App.useApp();
  const me = useMe();
  const types = useEventTypes();
  const [editing, setEditing] = useState<TEventType | 'new'>();
  const setStatus = useSetEventTypeStatus({ onError: (err) => message.error(err.message) });
  const canWrite = me.can('events.write');
  return (
    <>
      {canWrite && (
        <Button type="primary" style={{ marginBottom: 12 }} onClick={() => setEditing('new')}>
          {t('newType')}
        </Button>
      )}
      <Table
        size="small"
        rowKey="key"
        loading={types.isLoading}
        dataSource={types.data}
        pagination={false}
        scroll={{ x: 800 }}
        columns={[
          { title: t('key'), dataIndex: 'key', render: (k: string) => <Typography.Text code>{k}</Typography.Text> },
          { title: t('name'), render: (_: unknown, x: TEventType) => `${x.name}${x.nameEn ? ` / ${x.nameEn}` : ''}` },
          {
            title: t('schema'),
            render: (_: unknown, x: TEventType) => (
              <Space size={[4, 4]} wrap>
                {Object.entries(x.properties).map(([k, s]) => (
                  <Tag key={k} color={s.dimension ? 'blue' : undefined}>
                    {k}: {s.type}
                    {s.enum ? ` (${s.enum.join('|')})` : ''}
                    {s.required ? ' *' : ''}
                  </Tag>
                ))}
              </Space>
            ),
          },
          {
            title: '',
            width: 90,
            render: (_: unknown, x: TEventType) =>
              x.builtin ? (
                <Tag>{t('builtin')}</Tag>
              ) : x.status === 'archived' ? (
                <Tag color="default">{t('archived')}</Tag>
              ) : (
                <Tag color="green">{t('custom')}</Tag>
              ),
          },
          {
            title: '',
            width: 150,
            render: (_: unknown, x: TEventType) =>
              canWrite &&
              !x.builtin && (
                <Space>
                  <Button size="small" onClick={() => setEditing(x)}>
                    {t('edit')}
                  </Button>
                  {x.status === 'active' ? (
                    <Popconfirm
                      title={t('archiveConfirm', { key: x.key })}
                      onConfirm={() => setStatus.mutate({ key: x.key, status: 'archived' })}
                    >
                      <Button size="small" danger>
                        {t('archive')}
                      </Button>
                    </Popconfirm>
                  ) : (
                    <Button size="small" onClick={() => setStatus.mutate({ key: x.key, status: 'active' })}>
                      {t('restore')}
                    </Button>
                  )}
                </Space>
              ),
          },
        ]}
      />
      {editing && (
        <EventTypeForm open editing={editing === 'new' ? undefined : editing} onClose={() => setEditing(undefined)} />
      )}
    </>
  );
}

export function EventsPage() {
  const { t } = useTranslation('events');
  const me = useMe();
  const [importing, setImporting] = useState(false);
  return (
    <div>
      <Space style={{ marginBottom: 8 }} wrap>
        <Typography.Title level={4} style={{ margin: 0 }}>
          {t('title')}
        </Typography.Title>
        {me.can('events.write') && (
          <Button onClick={() => setImporting(true)} data-testid="events-import">
            {t('import')}
          </Button>
        )}
      </Space>
      <Typography.Paragraph type="secondary">{t('help')}</Typography.Paragraph>
      <Tabs
        items={[
          { key: 'recent', label: t('recent'), children: <RecentEvents /> },
          { key: 'types', label: t('types'), children: <EventTypes /> },
        ]}
      />
      <ImportDialog open={importing} onClose={() => setImporting(false)} />
    </div>
  );
}
