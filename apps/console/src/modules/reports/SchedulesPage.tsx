import { lastCompletedPeriod, parseReportPeriod, REPORT_EVERY, type TReportEvery } from '@loopcx/shared';
import {
  App,
  Button,
  Card,
  Drawer,
  Form,
  Input,
  List,
  Modal,
  Popconfirm,
  Select,
  Space,
  Switch,
  Tag,
  Typography,
} from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { ListPageHeader, ResponsiveList } from '../../components/ListPage.tsx';
import { UnitPicker } from '../../components/UnitPicker.tsx';
import { formErrors } from '../../lib/api.ts';
import { useMe } from '../../lib/me.tsx';
import { useTenantTime } from '../../lib/time.ts';
import {
  runPdfUrl,
  type Schedule,
  useColleagues,
  useDeleteSchedule,
  useRuns,
  useSaveSchedule,
  useSchedules,
} from './api.ts';

/** "Open report": a unit and a period (defaults: the caller's unit, last month) → the printable page. */
function OpenReport() {
  const { t } = useTranslation('reports');
  const me = useMe();
  const tt = useTenantTime();
  const navigate = useNavigate();
  const [unit, setUnit] = useState<string>(me.orgUnit.id);
  const [kind, setKind] = useState<TReportEvery>('month');
  const [period, setPeriod] = useState(() => lastCompletedPeriod('month', tt.today()));
  const valid = parseReportPeriod(period) !== undefined;
  return (
    <Card size="small" title={t('open')} style={{ marginBottom: 16 }}>
      <Space wrap>
        <UnitPicker
          value={unit}
          onChange={(v) => setUnit(v as string)}
          allowClear={false}
          style={{ minWidth: 220 }}
          aria-label={t('unit')}
        />
        <Select
          value={kind}
          style={{ width: 110 }}
          aria-label={t('period')}
          onChange={(k: TReportEvery) => {
            setKind(k);
            setPeriod(lastCompletedPeriod(k, tt.today()));
          }}
          options={REPORT_EVERY.map((k) => ({ value: k, label: t(`kind.${k}`) }))}
        />
        <Input
          value={period}
          onChange={(e) => setPeriod(e.target.value.trim())}
          status={valid ? undefined : 'error'}
          style={{ width: 120 }}
          data-testid="report-period"
        />
        <Button
          type="primary"
          disabled={!valid || !unit}
          data-testid="open-report"
          onClick={() => navigate(`/reports/${unit}/${period}`)}
        >
          {t('open')}
        </Button>
      </Space>
    </Card>
  );
}

function ScheduleDialog({ editing, onClose }: { editing: Schedule | 'new' | null; onClose: () => void }) {
  const { t } = useTranslation('reports');
  const { message } = App.useApp();
  const me = useMe();
  const [form] = Form.useForm();
  const colleagues = useColleagues(!!editing && me.can('users.read'));
  const save = useSaveSchedule({
    onSuccess: () => onClose(),
    onError: (err) => {
      const fields = formErrors(err);
      if (fields.length) form.setFields(fields);
      else message.error(err.message);
    },
  });
  useEffect(() => {
    if (!editing) return;
    form.resetFields();
    if (editing !== 'new')
      form.setFieldsValue({
        name: editing.name,
        every: editing.every,
        orgUnitId: editing.orgUnit.id,
        recipientUserIds: editing.recipientUsers.map((u) => u.id),
        recipientEmails: editing.recipientEmails.join('\n'),
        locale: editing.locale,
      });
  }, [editing, form]);
  const submit = (v: Record<string, unknown>) => {
    const emails = String(v.recipientEmails ?? '')
      .split(/[\s,;]+/)
      .filter(Boolean);
    const values = {
      name: v.name as string,
      every: v.every as TReportEvery,
      recipientUserIds: (v.recipientUserIds as string[]) ?? [],
      recipientEmails: emails,
      locale: v.locale as 'zh-CN' | 'en',
    };
    save.mutate(
      editing === 'new'
        ? { values: { ...values, orgUnitId: v.orgUnitId as string } }
        : { id: (editing as Schedule).id, values },
    );
  };
  return (
    <Modal
      open={!!editing}
      title={editing === 'new' ? t('newSchedule') : t('edit')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('save')}
      cancelText={t('cancel')}
      confirmLoading={save.isPending}
      destroyOnHidden
    >
      <Form
        form={form}
        layout="vertical"
        onFinish={submit}
        initialValues={{ every: 'month', locale: 'zh-CN', orgUnitId: me.orgUnit.id }}
      >
        <Form.Item name="name" label={t('name')}>
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item name="orgUnitId" label={t('unit')}>
          <UnitPicker allowClear={false} disabled={editing !== 'new'} />
        </Form.Item>
        <Form.Item name="every" label={t('every')}>
          <Select options={REPORT_EVERY.map((k) => ({ value: k, label: t(`kind.${k}`) }))} />
        </Form.Item>
        <Form.Item name="recipientUserIds" label={t('recipientsUsers')}>
          <Select
            mode="multiple"
            optionFilterProp="label"
            loading={colleagues.isLoading}
            options={(colleagues.data ?? []).map((u) => ({ value: u.id, label: `${u.name} <${u.email}>` }))}
          />
        </Form.Item>
        <Form.Item name="recipientEmails" label={t('recipientsEmails')} extra={t('emailsHelp')}>
          <Input.TextArea rows={3} data-testid="schedule-emails" />
        </Form.Item>
        <Form.Item name="locale" label={t('locale')}>
          <Select
            options={[
              { value: 'zh-CN', label: '中文' },
              { value: 'en', label: 'English' },
            ]}
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function HistoryDrawer({ schedule, onClose }: { schedule?: Schedule; onClose: () => void }) {
  const { t } = useTranslation('reports');
  const tt = useTenantTime();
  const runs = useRuns(schedule?.id);
  return (
    <Drawer
      open={!!schedule}
      onClose={onClose}
      title={`${t('history')} · ${schedule?.name || schedule?.orgUnit.name || ''}`}
      width={Math.min(520, window.innerWidth)}
    >
      <List
        loading={runs.isLoading}
        dataSource={runs.data ?? []}
        renderItem={(run) => (
          <List.Item
            data-testid="report-run"
            actions={run.locales.map((l) => (
              <a key={l} href={`${runPdfUrl(run)}?locale=${l}`} download>
                {t('download')} ({l})
              </a>
            ))}
          >
            <List.Item.Meta
              title={
                <Space>
                  {run.period}
                  <Tag color={run.status === 'sent' ? 'green' : run.status === 'failed' ? 'red' : 'blue'}>
                    {t(`status.${run.status}`)}
                  </Tag>
                </Space>
              }
              description={
                <>
                  {run.finishedAt ? tt.dateTime(run.finishedAt) : '—'} ·{' '}
                  {t('delivered', { n: run.delivered, of: run.recipients })}
                  {run.error ? <Typography.Text type="danger"> · {run.error}</Typography.Text> : null}
                </>
              }
            />
          </List.Item>
        )}
      />
    </Drawer>
  );
}

/** Understand → Reports: open any unit's report, and the schedules that mail it with their history. */
export function SchedulesPage() {
  const { t } = useTranslation('reports');
  const { message } = App.useApp();
  const me = useMe();
  const tt = useTenantTime();
  const schedules = useSchedules();
  const [editing, setEditing] = useState<Schedule | 'new' | null>(null);
  const [historyOf, setHistoryOf] = useState<Schedule>();
  const onError = (err: Error) => message.error(err.message);
  const toggle = useSaveSchedule({ onError });
  const remove = useDeleteSchedule({ onError });
  const canSchedule = me.can('reports.schedule');
  const recipients = (s: Schedule) => [...s.recipientUsers.map((u) => u.name), ...s.recipientEmails].join(', ');
  const last = (s: Schedule) =>
    s.lastRun ? (
      <Space size={4}>
        {s.lastRun.period}
        <Tag color={s.lastRun.status === 'sent' ? 'green' : s.lastRun.status === 'failed' ? 'red' : 'blue'}>
          {t(`status.${s.lastRun.status}`)}
        </Tag>
        {s.lastRun.finishedAt ? (
          <Typography.Text type="secondary">{tt.dateTime(s.lastRun.finishedAt)}</Typography.Text>
        ) : null}
      </Space>
    ) : (
      '—'
    );
  const actions = (s: Schedule) => (
    <Space wrap>
      {canSchedule && (
        <Switch
          size="small"
          checked={s.enabled}
          aria-label={t('enabled')}
          onChange={(enabled) => toggle.mutate({ id: s.id, values: { enabled } })}
        />
      )}
      <Button size="small" data-testid="open-history" onClick={() => setHistoryOf(s)}>
        {t('history')}
      </Button>
      {canSchedule && (
        <>
          <Button size="small" onClick={() => setEditing(s)}>
            {t('edit')}
          </Button>
          <Popconfirm title={t('deleteConfirm')} onConfirm={() => remove.mutate(s.id)}>
            <Button size="small" danger>
              {t('delete')}
            </Button>
          </Popconfirm>
        </>
      )}
    </Space>
  );
  return (
    <div>
      <ListPageHeader title={t('title')} help={t('help')} />
      <OpenReport />
      <ListPageHeader
        title={t('schedules')}
        newLabel={t('newSchedule')}
        onNew={canSchedule ? () => setEditing('new') : undefined}
      />
      <ResponsiveList
        query={schedules}
        empty={t('none')}
        cardTestId="schedule-card"
        card={(s) => (
          <>
            <Typography.Text strong>{s.name || s.orgUnit.name}</Typography.Text>
            <div>
              {s.orgUnit.name} · {t(`kind.${s.every}`)}
            </div>
            <Typography.Text type="secondary">{recipients(s)}</Typography.Text>
            <div style={{ marginTop: 4 }}>{last(s)}</div>
            <div style={{ marginTop: 8 }}>{actions(s)}</div>
          </>
        )}
        columns={[
          { title: t('name'), render: (_: unknown, s) => s.name || s.orgUnit.name, width: 200 },
          { title: t('unit'), render: (_: unknown, s) => s.orgUnit.name },
          { title: t('every'), render: (_: unknown, s) => t(`kind.${s.every}`), width: 80 },
          { title: t('recipientsUsers'), render: (_: unknown, s) => recipients(s) },
          { title: t('lastRun'), render: (_: unknown, s) => last(s) },
          { title: t('core:common.actions'), width: 300, render: (_: unknown, s) => actions(s) },
        ]}
      />
      <ScheduleDialog editing={editing} onClose={() => setEditing(null)} />
      <HistoryDrawer schedule={historyOf} onClose={() => setHistoryOf(undefined)} />
    </div>
  );
}
