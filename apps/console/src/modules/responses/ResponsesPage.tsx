import type { TResponseExportQueuedResponse, TResponseExportResponse } from '@loopcx/shared';
import {
  App,
  Button,
  DatePicker,
  Descriptions,
  Drawer,
  Input,
  InputNumber,
  Progress,
  Select,
  Space,
  Table,
  Tag,
  TreeSelect,
  Typography,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../lib/api.ts';
import { toTree, useOrgUnits } from '../../lib/org.ts';
import { useTouchpoints } from '../journeys/api.ts';
import { useSurveys } from '../surveys/api.ts';
import { type ResponseFilters, type ResponseRow, useResponses } from './api.ts';

/** The responses page (loaded when its route is first opened). */
export function ResponsesPage() {
  const { t } = useTranslation('responses');
  const { message } = App.useApp();
  const [filters, setFilters] = useState<ResponseFilters>({});
  const [open, setOpen] = useState<ResponseRow>();
  const [exporting, setExporting] = useState<{ id: string; progress: number; status: string }>();
  const units = useOrgUnits();
  const surveys = useSurveys();
  const touchpoints = useTouchpoints();
  const list = useResponses(filters);
  const rows = list.data?.pages.flatMap((p) => p.items) ?? [];
  const set = (k: string, v: string | number | undefined) => setFilters((f) => ({ ...f, [k]: v }));

  const exportAs = async (format: 'csv' | 'xlsx') => {
    try {
      const f = Object.fromEntries(Object.entries(filters).filter(([, v]) => v !== undefined && v !== ''));
      const { id } = await api<TResponseExportQueuedResponse>('responses/exports', { body: { format, filters: f } });
      setExporting({ id, progress: 0, status: 'queued' });
      for (;;) {
        await new Promise((r) => setTimeout(r, 700));
        const s = await api<Pick<TResponseExportResponse, 'status' | 'progress'>>(`responses/exports/${id}`);
        setExporting({ id, ...s });
        if (s.status === 'done') {
          window.location.href = `/api/v1/responses/exports/${id}/download`;
          break;
        }
        if (s.status === 'failed') throw new Error('export failed');
      }
    } catch (err) {
      message.error((err as Error).message);
    }
  };

  return (
    <div>
      <Typography.Title level={4}>{t('title')}</Typography.Title>
      <Space wrap style={{ marginBottom: 12 }}>
        <Select
          allowClear
          placeholder={t('survey')}
          style={{ width: 200 }}
          onChange={(v) => set('surveyId', v)}
          options={(surveys.data ?? []).map((s) => ({ value: s.id, label: s.name }))}
        />
        <TreeSelect
          allowClear
          placeholder={t('unit')}
          style={{ width: 200 }}
          treeData={toTree(units.data ?? [])}
          onChange={(v) => set('orgUnitId', v)}
          showSearch
          treeNodeFilterProp="title"
        />
        <Select
          allowClear
          placeholder={t('touchpoint')}
          style={{ width: 160 }}
          onChange={(v) => set('touchpointId', v)}
          options={(touchpoints.data ?? []).map((s) => ({ value: s.id, label: s.name }))}
        />
        <DatePicker.RangePicker
          onChange={(r) => {
            set('from', r?.[0]?.startOf('day').toISOString());
            set('to', r?.[1]?.endOf('day').toISOString());
          }}
        />
        <Select
          allowClear
          placeholder={t('score')}
          style={{ width: 110 }}
          onChange={(v) => set('scoreKey', v)}
          options={['nps', 'csat', 'ces'].map((k) => ({ value: k, label: k.toUpperCase() }))}
        />
        <InputNumber placeholder="≥" style={{ width: 70 }} onChange={(v) => set('minScore', v ?? undefined)} />
        <InputNumber placeholder="≤" style={{ width: 70 }} onChange={(v) => set('maxScore', v ?? undefined)} />
        <Input.Search placeholder={t('text')} allowClear onSearch={(v) => set('q', v)} style={{ width: 180 }} />
        <Button onClick={() => exportAs('csv')}>CSV</Button>
        <Button onClick={() => exportAs('xlsx')}>Excel</Button>
        {exporting && exporting.status !== 'done' && (
          <Progress type="circle" size={28} percent={Math.round(exporting.progress * 100)} />
        )}
      </Space>
      <Table
        rowKey="id"
        size="small"
        loading={list.isLoading}
        dataSource={rows}
        pagination={false}
        scroll={{ x: 900 }}
        onRow={(r) => ({ onClick: () => setOpen(r), style: { cursor: 'pointer' } })}
        columns={[
          {
            title: t('time'),
            dataIndex: 'submittedAt',
            width: 170,
            render: (d: string) => new Date(d).toLocaleString(),
          },
          { title: t('survey'), dataIndex: 'surveyName' },
          { title: t('unit'), render: (_, r) => (r.orgUnit ? `${r.orgUnit.name} (${r.orgUnit.code})` : '—') },
          { title: t('touchpoint'), render: (_, r) => r.touchpoint?.name ?? '—' },
          {
            title: t('score'),
            render: (_, r) =>
              Object.entries(r.scores).map(([k, v]) => (
                <Tag key={k} color={(k === 'nps' && v <= 6) || (k === 'csat' && v <= 2) ? 'red' : undefined}>
                  {k.replace('rating:', '')} {v}
                </Tag>
              )),
          },
          {
            title: t('comment'),
            ellipsis: true,
            render: (_, r) =>
              Object.values(r.answers)
                .filter((v) => typeof v === 'string' && v.length > 3)
                .join(' · '),
          },
        ]}
      />
      {list.hasNextPage && (
        <Button block style={{ marginTop: 12 }} loading={list.isFetchingNextPage} onClick={() => list.fetchNextPage()}>
          {t('more')}
        </Button>
      )}
      <Drawer
        open={!!open}
        onClose={() => setOpen(undefined)}
        width={Math.min(520, window.innerWidth)}
        title={open?.surveyName}
      >
        {open && (
          <Descriptions column={1} size="small" bordered>
            <Descriptions.Item label={t('time')}>{new Date(open.submittedAt).toLocaleString()}</Descriptions.Item>
            <Descriptions.Item label={t('unit')}>
              {open.orgUnit ? `${open.orgUnit.name} (${open.orgUnit.code})` : '—'}
            </Descriptions.Item>
            <Descriptions.Item label={t('touchpoint')}>{open.touchpoint?.name ?? '—'}</Descriptions.Item>
            <Descriptions.Item label={t('channel')}>{open.channel}</Descriptions.Item>
            <Descriptions.Item label={t('customer')}>{open.customerRef ?? '—'}</Descriptions.Item>
            {Object.entries(open.answers).map(([k, v]) => (
              <Descriptions.Item key={k} label={k}>
                {Array.isArray(v) ? v.join(', ') : typeof v === 'object' ? JSON.stringify(v) : String(v)}
              </Descriptions.Item>
            ))}
            {open.context ? (
              <Descriptions.Item label={t('context')}>{JSON.stringify(open.context)}</Descriptions.Item>
            ) : null}
          </Descriptions>
        )}
      </Drawer>
    </div>
  );
}
