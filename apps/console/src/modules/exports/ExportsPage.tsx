import { Alert, App, Button, Form, Input, Popconfirm, Radio, Select, Space, Switch, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { DetailDrawer, FormDialog, ListPageHeader, ResponsiveList } from '../../components/ListPage.tsx';
import { SecretOnceModal } from '../../components/SecretOnceModal.tsx';
import { UnitPicker } from '../../components/UnitPicker.tsx';
import { formErrors } from '../../lib/api.ts';
import { useOrgUnits } from '../../lib/org.ts';
import { useTenantTime } from '../../lib/time.ts';
import {
  type ExportRun,
  type ExportSchedule,
  useCreateExportSchedule,
  useDeleteExportSchedule,
  useExportRuns,
  useExportSchedules,
  useRunExportNow,
  useToggleExportSchedule,
} from './api.ts';

const DATASETS = ['responses', 'events', 'tickets', 'feedback', 'metrics'] as const;
const FORMATS = [
  { value: 'parquet', label: 'Parquet' },
  { value: 'ndjson', label: 'NDJSON' },
  { value: 'csv', label: 'CSV' },
];
const STATUS_COLOR = { running: 'processing', failed: 'error', succeeded: 'success' } as const;

/** 1,234 B · 12.3 KB · 4.5 MB (locale-independent units). */
const bytes = (n: number) =>
  n < 1024 ? `${n} B` : n < 1024 ** 2 ? `${(n / 1024).toFixed(1)} KB` : `${(n / 1024 ** 2).toFixed(1)} MB`;
const seconds = (ms: number | null) => (ms === null ? '—' : ms < 1000 ? `${ms} ms` : `${(ms / 1000).toFixed(1)} s`);

/** The page (loaded when its route is first opened). */
export function ExportsPage() {
  const { t, i18n } = useTranslation('exports');
  const time = useTenantTime();
  const { message } = App.useApp();
  const [creating, setCreating] = useState(false);
  const [secret, setSecret] = useState<string>();
  const [historyOf, setHistoryOf] = useState<ExportSchedule>();
  const [form] = Form.useForm();
  const kind = Form.useWatch(['destination', 'kind'], form) ?? 'directory';
  const schedules = useExportSchedules();
  const units = useOrgUnits();
  const unitName = new Map((units.data ?? []).map((u) => [u.id, u.name]));

  const create = useCreateExportSchedule({
    onSuccess: (s) => {
      setCreating(false);
      form.resetFields();
      if (s.destination.kind === 'https') setSecret(s.secret);
    },
    onError: (err) => {
      form.setFields(formErrors(err));
      message.error(err.message);
    },
  });
  const toggle = useToggleExportSchedule({ onError: (err) => message.error(err.message) });
  const runNow = useRunExportNow({
    onSuccess: () => message.success(t('runQueued')),
    onError: (err) => message.error(err.message),
  });
  const remove = useDeleteExportSchedule({ onError: (err) => message.error(err.message) });

  const target = (s: ExportSchedule) => (s.destination.kind === 'directory' ? s.destination.path : s.destination.url);
  const status = (r: ExportRun | null) =>
    r ? (
      <Tag color={STATUS_COLOR[r.status]}>{t(`statuses.${r.status}`)}</Tag>
    ) : (
      <Typography.Text type="secondary">—</Typography.Text>
    );
  const lastRun = (s: ExportSchedule) => (
    <Space direction="vertical" size={0}>
      <span>
        {status(s.lastRun)} {s.lastRun && `${s.lastRun.rows.toLocaleString(i18n.language)} · ${bytes(s.lastRun.bytes)}`}
      </span>
      {s.lastRun && (
        <Typography.Text type="secondary">
          {s.lastRun.startedAt ? time.dateTime(s.lastRun.startedAt) : '—'}
        </Typography.Text>
      )}
    </Space>
  );
  const actions = (s: ExportSchedule) => (
    <Space wrap>
      <Switch
        size="small"
        checked={s.enabled}
        aria-label={t('enabled')}
        onChange={(enabled) => toggle.mutate({ id: s.id, enabled })}
      />
      <Button
        size="small"
        type="primary"
        loading={runNow.isPending && runNow.variables === s.id}
        onClick={() => runNow.mutate(s.id)}
      >
        {t('runNow')}
      </Button>
      <Button size="small" onClick={() => setHistoryOf(s)}>
        {t('history')}
      </Button>
      <Popconfirm title={t('deleteConfirm')} onConfirm={() => remove.mutate(s.id)}>
        <Button size="small" danger>
          {t('delete')}
        </Button>
      </Popconfirm>
    </Space>
  );
  const what = (s: ExportSchedule) => (
    <Space direction="vertical" size={0}>
      <Typography.Text strong>{s.name || t(`datasets.${s.dataset}`)}</Typography.Text>
      <Typography.Text type="secondary">
        {t(`datasets.${s.dataset}`)} · {s.format.toUpperCase()} · {t(`everyValues.${s.every}`)}
      </Typography.Text>
    </Space>
  );

  return (
    <div>
      <ListPageHeader title={t('title')} newLabel={t('new')} onNew={() => setCreating(true)} help={t('help')} />
      <ResponsiveList
        query={schedules}
        empty={t('none')}
        cardTestId="export-card"
        card={(s) => (
          <>
            {what(s)}
            <div style={{ wordBreak: 'break-all' }}>
              {t(`kinds.${s.destination.kind}`)}: {target(s)}
            </div>
            <Typography.Text type="secondary">
              {unitName.get(s.orgUnitId) ?? '—'} · {t('nextRun')}: {s.nextRunAt ? time.dateTime(s.nextRunAt) : '—'}
            </Typography.Text>
            <div>{lastRun(s)}</div>
            <div style={{ marginTop: 8 }}>{actions(s)}</div>
          </>
        )}
        columns={[
          { title: t('dataset'), render: (_: unknown, s) => what(s) },
          {
            title: t('destination'),
            render: (_: unknown, s) => (
              <Space direction="vertical" size={0}>
                <span>{t(`kinds.${s.destination.kind}`)}</span>
                <Typography.Text type="secondary" style={{ wordBreak: 'break-all' }}>
                  {target(s)}
                </Typography.Text>
              </Space>
            ),
          },
          { title: t('unit'), dataIndex: 'orgUnitId', render: (id: string) => unitName.get(id) ?? '—' },
          { title: t('nextRun'), dataIndex: 'nextRunAt', render: (at: string) => (at ? time.dateTime(at) : '—') },
          { title: t('lastRun'), render: (_: unknown, s) => lastRun(s) },
          { title: t('core:common.actions'), render: (_: unknown, s) => actions(s) },
        ]}
      />
      <FormDialog
        open={creating}
        title={t('new')}
        form={form}
        pending={create.isPending}
        onCancel={() => setCreating(false)}
      >
        <Form
          form={form}
          layout="vertical"
          initialValues={{ dataset: 'responses', format: 'parquet', every: 'day', destination: { kind: 'directory' } }}
          onFinish={(v) => create.mutate(v)}
        >
          <Form.Item name="name" label={t('name')} rules={[{ max: 200 }]}>
            <Input />
          </Form.Item>
          <Form.Item name="dataset" label={t('dataset')} rules={[{ required: true }]}>
            <Select options={DATASETS.map((d) => ({ value: d, label: t(`datasets.${d}`) }))} />
          </Form.Item>
          <Space wrap>
            <Form.Item name="format" label={t('format')} rules={[{ required: true }]}>
              <Radio.Group options={FORMATS} optionType="button" />
            </Form.Item>
            <Form.Item name="every" label={t('every')} rules={[{ required: true }]}>
              <Radio.Group
                optionType="button"
                options={(['hour', 'day'] as const).map((e) => ({ value: e, label: t(`everyValues.${e}`) }))}
              />
            </Form.Item>
          </Space>
          <Form.Item name={['destination', 'kind']} label={t('destination')}>
            <Radio.Group
              optionType="button"
              options={(['directory', 'https'] as const).map((k) => ({ value: k, label: t(`kinds.${k}`) }))}
            />
          </Form.Item>
          {kind === 'directory' ? (
            <Form.Item
              name={['destination', 'path']}
              label={t('path')}
              extra={t('pathHelp')}
              rules={[{ required: true, max: 300 }]}
            >
              <Input placeholder="savor/daily" />
            </Form.Item>
          ) : (
            <Form.Item
              name={['destination', 'url']}
              label={t('url')}
              extra={t('urlHelp')}
              rules={[{ required: true, type: 'url', max: 2000 }]}
            >
              <Input placeholder="https://data.example.com/loopcx/exports" />
            </Form.Item>
          )}
          <Form.Item name="orgUnitId" label={t('unit')} extra={t('unitHelp')}>
            <UnitPicker />
          </Form.Item>
        </Form>
      </FormDialog>
      <SecretOnceModal
        secret={secret}
        title={t('secretTitle')}
        warning={t('shownOnce')}
        hint={t('verifyHint')}
        testId="export-secret"
        onClose={() => setSecret(undefined)}
      />
      <DetailDrawer
        open={!!historyOf}
        title={`${t('history')} · ${historyOf ? historyOf.name || t(`datasets.${historyOf.dataset}`) : ''}`}
        width={880}
        onClose={() => setHistoryOf(undefined)}
      >
        {historyOf && <RunHistory schedule={historyOf} />}
      </DetailDrawer>
    </div>
  );
}

/** Runs of one schedule: rows, bytes, duration, status and error. */
function RunHistory({ schedule }: { schedule: ExportSchedule }) {
  const { t, i18n } = useTranslation('exports');
  const time = useTenantTime();
  const runs = useExportRuns(schedule.id);
  const status = (r: ExportRun) => <Tag color={STATUS_COLOR[r.status]}>{t(`statuses.${r.status}`)}</Tag>;
  return (
    <ResponsiveList
      query={runs}
      empty={t('noRuns')}
      cardTestId="export-run-card"
      card={(r) => (
        <>
          <Space wrap>
            <Typography.Text strong>#{r.seq}</Typography.Text>
            {status(r)}
            <span>{t(`triggers.${r.trigger}`)}</span>
          </Space>
          <div>
            {t('run.rows')}: {r.rows.toLocaleString(i18n.language)} · {t('run.bytes')}: {bytes(r.bytes)} ·{' '}
            {t('run.duration')}: {seconds(r.durationMs)}
          </div>
          <Typography.Text type="secondary">{r.startedAt ? time.dateTime(r.startedAt) : '—'}</Typography.Text>
          {r.error && <Alert type="error" message={r.error} style={{ marginTop: 4 }} />}
        </>
      )}
      table={{ size: 'small', pagination: { pageSize: 20 } }}
      columns={[
        { title: t('run.seq'), dataIndex: 'seq', render: (n: number, r) => `#${n} · ${t(`triggers.${r.trigger}`)}` },
        { title: t('run.status'), render: (_: unknown, r) => status(r) },
        {
          title: t('run.rows'),
          dataIndex: 'rows',
          align: 'right',
          render: (n: number) => n.toLocaleString(i18n.language),
        },
        { title: t('run.bytes'), dataIndex: 'bytes', align: 'right', render: (n: number) => bytes(n) },
        {
          title: t('run.duration'),
          dataIndex: 'durationMs',
          align: 'right',
          render: (ms: number | null) => seconds(ms),
        },
        { title: t('run.startedAt'), dataIndex: 'startedAt', render: (at: string) => (at ? time.dateTime(at) : '—') },
        { title: t('run.attempts'), dataIndex: 'attempts', align: 'right' },
        {
          title: t('run.error'),
          dataIndex: 'error',
          render: (e: string | null, r) =>
            e ? (
              <Typography.Text type="danger">{e}</Typography.Text>
            ) : (
              <Typography.Text type="secondary">{r.fileName}</Typography.Text>
            ),
        },
      ]}
    />
  );
}
