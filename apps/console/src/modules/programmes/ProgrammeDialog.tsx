import { dayIn } from '@loopcx/shared';
import { App, Form, Input, InputNumber, Select, Space, Switch } from 'antd';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { FormDialog } from '../../components/ListPage.tsx';
import { formErrors } from '../../lib/api.ts';
import { useTenantTime } from '../../lib/time.ts';
import { useSegments } from '../customers/api.ts';
import { useSurveys } from '../surveys/api.ts';
import { type Programme, type ProgrammeInput, useChannelOptions, useSaveProgramme } from './api.ts';

/** The form's fields: the schedule is a tenant day and an hour, turned into the instants the API takes. */
interface Values {
  name: string;
  segmentId: string;
  surveyId: string;
  channelId: string;
  every: number;
  unit: ProgrammeInput['unit'];
  startDate: string;
  startHour: number;
  endDate?: string;
  samplePercent: number;
  cooldownDays: number;
  expiresInHours?: number | null;
  reminderAfterDays?: number | null;
  enabled: boolean;
}

const HOUR = 3_600_000;
const UNITS = ['day', 'week', 'month', 'quarter'] as const;

/** Create or edit a programme: segment, survey, channel, schedule, sampling, cooldown, link expiry, reminder. */
export function ProgrammeDialog(props: { editing: Programme | 'new' | null; onClose: () => void }) {
  const { t } = useTranslation('programmes');
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const tt = useTenantTime();
  const segments = useSegments();
  const surveys = useSurveys();
  const channels = useChannelOptions();
  const { editing } = props;
  const save = useSaveProgramme({
    onSuccess: () => {
      message.success(t('saved'));
      props.onClose();
    },
    onError: (err) => {
      const fields = formErrors(err);
      if (fields.length) form.setFields(fields as never);
      else message.error(err.message);
    },
  });

  useEffect(() => {
    form.resetFields();
    if (editing === 'new')
      form.setFieldsValue({
        every: 1,
        unit: 'quarter',
        startDate: tt.today(),
        startHour: 10,
        samplePercent: 100,
        cooldownDays: 60,
        enabled: true,
      });
    else if (editing) {
      const startDate = dayIn(tt.tz, new Date(editing.startsAt));
      form.setFieldsValue({
        ...editing,
        startDate,
        startHour: Math.round((Date.parse(editing.startsAt) - Date.parse(tt.startOf(startDate))) / HOUR),
        // endsAt is the end of the chosen day (the start of the next): show the day it closes.
        endDate: editing.endsAt ? dayIn(tt.tz, Date.parse(editing.endsAt) - 1) : undefined,
      });
    }
  }, [editing, form, tt]);

  const submit = (v: Values) => {
    const values: Partial<ProgrammeInput> = {
      name: v.name,
      segmentId: v.segmentId,
      surveyId: v.surveyId,
      channelId: v.channelId,
      every: v.every,
      unit: v.unit,
      startsAt: new Date(Date.parse(tt.startOf(v.startDate)) + v.startHour * HOUR).toISOString(),
      endsAt: v.endDate ? tt.endOf(v.endDate) : null,
      samplePercent: v.samplePercent,
      cooldownDays: v.cooldownDays,
      expiresInHours: v.expiresInHours ?? null,
      reminderAfterDays: v.reminderAfterDays ?? null,
      enabled: v.enabled,
    };
    save.mutate({ id: editing && editing !== 'new' ? editing.id : undefined, values });
  };

  return (
    <FormDialog
      open={!!editing}
      title={editing === 'new' ? t('new') : t('edit')}
      form={form}
      pending={save.isPending}
      onCancel={props.onClose}
      width={640}
    >
      <Form form={form} layout="vertical" onFinish={submit}>
        <Form.Item name="name" label={t('name')} rules={[{ required: true, max: 200 }]}>
          <Input />
        </Form.Item>
        <Form.Item name="segmentId" label={t('segment')} rules={[{ required: true }]}>
          <Select
            data-testid="programme-segment"
            showSearch
            optionFilterProp="label"
            loading={segments.isLoading}
            options={(segments.data ?? []).map((s) => ({ value: s.id, label: s.name }))}
          />
        </Form.Item>
        <Form.Item name="surveyId" label={t('survey')} rules={[{ required: true }]}>
          <Select
            data-testid="programme-survey"
            showSearch
            optionFilterProp="label"
            loading={surveys.isLoading}
            options={(surveys.data ?? []).map((s) => ({ value: s.id, label: s.name }))}
          />
        </Form.Item>
        <Form.Item name="channelId" label={t('channel')} rules={[{ required: true }]}>
          <Select
            data-testid="programme-channel"
            loading={channels.isLoading}
            options={(channels.data ?? []).map((c) => ({ value: c.id, label: c.name }))}
          />
        </Form.Item>
        <Space wrap align="start">
          <Form.Item name="every" label={t('every')} rules={[{ required: true }]}>
            <InputNumber min={1} max={366} precision={0} />
          </Form.Item>
          <Form.Item name="unit" label={t('schedule')} rules={[{ required: true }]}>
            <Select
              style={{ minWidth: 120 }}
              data-testid="programme-unit"
              options={UNITS.map((u) => ({ value: u, label: t(`unit.${u}`) }))}
            />
          </Form.Item>
          <Form.Item name="startDate" label={t('startDate')} rules={[{ required: true }]}>
            <Input type="date" data-testid="programme-start" />
          </Form.Item>
          <Form.Item name="startHour" label={t('startHour')} rules={[{ required: true }]}>
            <InputNumber min={0} max={23} precision={0} />
          </Form.Item>
        </Space>
        <Form.Item name="endDate" label={t('endDate')} extra={t('endHelp')}>
          <Input type="date" allowClear />
        </Form.Item>
        <Space wrap align="start">
          <Form.Item name="samplePercent" label={t('samplePercent')} rules={[{ required: true }]}>
            <InputNumber min={0.1} max={100} />
          </Form.Item>
          <Form.Item
            name="cooldownDays"
            label={t('cooldownDays')}
            rules={[{ required: true }]}
            tooltip={t('cooldownHelp')}
          >
            <InputNumber min={0} max={3650} precision={0} />
          </Form.Item>
          <Form.Item name="expiresInHours" label={t('expiresInHours')}>
            <InputNumber min={1} max={8760} precision={0} />
          </Form.Item>
          <Form.Item name="reminderAfterDays" label={t('reminderAfterDays')}>
            <InputNumber min={1} max={60} precision={0} />
          </Form.Item>
        </Space>
        <Form.Item name="enabled" label={t('enabled')} valuePropName="checked">
          <Switch />
        </Form.Item>
      </Form>
    </FormDialog>
  );
}
