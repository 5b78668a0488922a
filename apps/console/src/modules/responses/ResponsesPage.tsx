import { SettingOutlined } from '@ant-design/icons';
import type { TResponseExportOptions, TResponseExportQueuedResponse, TResponseExportResponse } from '@loopcx/shared';
import {
  App,
  Button,
  DatePicker,
  Descriptions,
  Drawer,
  Input,
  InputNumber,
  Popover,
  Progress,
  Select,
  Space,
  Table,
  Tag,
  TreeSelect,
  Typography,
} from 'antd';
import { lazy, Suspense, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../lib/api.ts';
import { uiLang } from '../../lib/locale.ts';
import { useMe } from '../../lib/me.tsx';
import { toTree, useOrgUnits, useUnitLabel } from '../../lib/org.ts';
import { useTenantTime } from '../../lib/time.ts';
import { useTouchpoints } from '../journeys/api.ts';
import { useSurveys } from '../surveys/api.ts';
import { AnswerList } from './AnswerList.tsx';
import { type ResponseFilters, type ResponseRow, useResponse, useResponses } from './api.ts';

/** The historical-import wizard, loaded when first opened. */
const ImportWizard = lazy(() => import('../imports/ImportWizard.tsx').then((m) => ({ default: m.ImportWizard })));

/** The page (loaded when its route is first opened). */
export function ResponsesPage() {
  const { t, i18n } = useTranslation('responses');
  const me = useMe();
  const [importing, setImporting] = useState(false);
  const unitLabel = useUnitLabel();
  const time = useTenantTime();
  const { message } = App.useApp();
  const [filters, setFilters] = useState<ResponseFilters>({});
  const [open, setOpen] = useState<ResponseRow>();
  const [exporting, setExporting] = useState<{ id: string; progress: number; status: string }>();
  const units = useOrgUnits();
  const surveys = useSurveys();
  const touchpoints = useTouchpoints();
  const list = useResponses(filters);
  const detail = useResponse(open?.id, true);
  const [options, setOptions] = useState<TResponseExportOptions>({ keys: 'row', values: 'labels', multi: 'join' });
  const rows = list.data?.pages.flatMap((p) => p.items) ?? [];
  const set = (k: string, v: string | number | undefined) => setFilters((f) => ({ ...f, [k]: v }));

  const exportAs = async (format: 'csv' | 'xlsx') => {
    try {
      const f = Object.fromEntries(Object.entries(filters).filter(([, v]) => v !== undefined && v !== ''));
      const { id } = await api<TResponseExportQueuedResponse>('responses/exports', {
        body: { format, filters: f, options: { ...options, lang: uiLang(i18n.language) } },
      });
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
      <Space style={{ marginBottom: 8 }} wrap>
        <Typography.Title level={4} style={{ margin: 0 }}>
          {t('title')}
        </Typography.Title>
        {me.can('responses.write') && (
          <Button onClick={() => setImporting(true)} data-testid="open-import">
            {t('imports:open')}
          </Button>
        )}
      </Space>
      {importing && (
        <Suspense fallback={null}>
          <ImportWizard open={importing} onClose={() => setImporting(false)} />
        </Suspense>
      )}
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
            // Calendar days of the tenant, whatever zone the browser is in.
            set('from', r?.[0] ? time.startOf(r[0].format('YYYY-MM-DD')) : undefined);
            set('to', r?.[1] ? time.endOf(r[1].format('YYYY-MM-DD')) : undefined);
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
        <Popover
          trigger="click"
          title={t('exportOptions')}
          content={
            <Space direction="vertical" data-testid="export-options">
              {(
                [
                  ['keys', ['row', 'header', 'none']],
                  ['values', ['labels', 'values', 'both']],
                  ['multi', ['join', 'split']],
                ] as const
              ).map(([k, values]) => (
                <Space key={k}>
                  <span style={{ display: 'inline-block', width: 96 }}>{t(`export.${k}`)}</span>
                  <Select
                    style={{ width: 220 }}
                    value={options[k]}
                    onChange={(v) => setOptions((o) => ({ ...o, [k]: v }))}
                    options={values.map((v) => ({ value: v, label: t(`export.${k}_${v}`) }))}
                  />
                </Space>
              ))}
            </Space>
          }
        >
          <Button icon={<SettingOutlined />} aria-label={t('exportOptions')} />
        </Popover>
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
            render: (d: string) => time.dateTime(d),
          },
          { title: t('survey'), dataIndex: 'surveyName' },
          { title: t('unit'), render: (_, r) => (r.orgUnit ? `${unitLabel(r.orgUnit)} (${r.orgUnit.code})` : '—') },
          { title: t('touchpoint'), render: (_, r) => r.touchpoint?.name ?? '—' },
          {
            title: t('score'),
            render: (_, r) =>
              // Headline metrics only: rating questions are shown by title in the detail drawer.
              Object.entries(r.scores)
                .filter(([k]) => !k.includes(':'))
                .map(([k, v]) => (
                  <Tag key={k} color={(k === 'nps' && v <= 6) || (k === 'csat' && v <= 2) ? 'red' : undefined}>
                    {k.toUpperCase()} {v}
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
            <Descriptions.Item label={t('time')}>{time.dateTime(open.submittedAt)}</Descriptions.Item>
            <Descriptions.Item label={t('unit')}>
              {open.orgUnit ? `${unitLabel(open.orgUnit)} (${open.orgUnit.code})` : '—'}
            </Descriptions.Item>
            <Descriptions.Item label={t('touchpoint')}>{open.touchpoint?.name ?? '—'}</Descriptions.Item>
            <Descriptions.Item label={t('channel')}>
              {t(`channels.${open.channel}`, { defaultValue: open.channel })}
            </Descriptions.Item>
            <Descriptions.Item label={t('customer')}>{open.customerRef ?? '—'}</Descriptions.Item>
            {open.context
              ? Object.entries(open.context).map(([k, v]) => (
                  <Descriptions.Item key={`ctx-${k}`} label={`${t('context')} · ${k}`}>
                    {typeof v === 'object' && v !== null ? Object.values(v).join(' / ') : String(v)}
                  </Descriptions.Item>
                ))
              : null}
          </Descriptions>
        )}
        {open && (
          <div style={{ marginTop: 16 }}>
            <AnswerList definition={detail.data?.definition} answers={open.answers} />
          </div>
        )}
      </Drawer>
    </div>
  );
}
