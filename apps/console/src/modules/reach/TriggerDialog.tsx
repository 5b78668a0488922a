import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { App, Button, Form, Input, InputNumber, Select, Space, Switch, Typography } from 'antd';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { FormDialog, usePhone } from '../../components/ListPage.tsx';
import { formErrors } from '../../lib/api.ts';
import { useEventTypes } from '../events/api.ts';
import { useSurveys } from '../surveys/api.ts';
import { type Trigger, type TriggerInput, useChannels, useSaveTrigger } from './api.ts';
import { ConditionBuilder } from './ConditionBuilder.tsx';

/** The builder's values: mappings as rows (the API takes objects). */
interface TriggerForm {
  name: string;
  eventType: string;
  condition?: string;
  surveyId: string;
  channelId: string;
  delayMinutes: number;
  samplePercent: number;
  expires: boolean;
  expiresInHours?: number;
  contextPairs: Array<{ key?: string; path?: string }>;
  recipientEmail?: string;
  recipientPhone?: string;
  reminder: boolean;
  reminderAfterDays?: number;
  enabled: boolean;
}

const NEW: Partial<TriggerForm> = {
  delayMinutes: 0,
  samplePercent: 100,
  expires: true,
  expiresInHours: 72,
  contextPairs: [],
  reminder: false,
  enabled: true,
};

function toForm(t: Trigger): TriggerForm {
  return {
    name: t.name,
    eventType: t.eventType,
    condition: t.condition ?? '',
    surveyId: t.surveyId,
    channelId: t.channelId,
    delayMinutes: t.delayMinutes,
    samplePercent: t.samplePercent,
    expires: t.expiresInHours !== null,
    expiresInHours: t.expiresInHours ?? 72,
    contextPairs: Object.entries(t.context).map(([key, path]) => ({ key, path })),
    recipientEmail: t.recipient.email,
    recipientPhone: t.recipient.phone,
    reminder: t.reminderAfterDays !== null,
    reminderAfterDays: t.reminderAfterDays ?? 3,
    enabled: t.enabled,
  };
}

function toInput(v: TriggerForm): TriggerInput {
  const recipient: Record<string, string> = {};
  if (v.recipientEmail?.trim()) recipient.email = v.recipientEmail.trim();
  if (v.recipientPhone?.trim()) recipient.phone = v.recipientPhone.trim();
  return {
    name: v.name,
    eventType: v.eventType,
    condition: v.condition?.trim() || null,
    surveyId: v.surveyId,
    channelId: v.channelId,
    delayMinutes: v.delayMinutes ?? 0,
    samplePercent: v.samplePercent ?? 100,
    expiresInHours: v.expires ? (v.expiresInHours ?? null) : null,
    context: Object.fromEntries(
      (v.contextPairs ?? [])
        .filter((p) => p.key?.trim())
        .map((p) => [String(p.key).trim(), String(p.path ?? '').trim()]),
    ),
    recipient,
    reminderAfterDays: v.reminder ? (v.reminderAfterDays ?? null) : null,
    enabled: v.enabled,
  };
}

/**
 * The trigger builder: on which event (and condition over its properties) whom to invite to which survey through
 * which channel, when, how many, and what of the event the survey gets to read. The server's 422 lands on the field
 * it names (`context.<key>` on that mapping row).
 */
export function TriggerDialog(props: { editing: Trigger | 'new' | null; onClose: () => void }) {
  const { t, i18n } = useTranslation('reach');
  const { message } = App.useApp();
  const phone = usePhone();
  const [form] = Form.useForm();
  const eventTypes = useEventTypes();
  const surveys = useSurveys();
  const channels = useChannels();
  const eventType = Form.useWatch('eventType', form);
  const expires = Form.useWatch('expires', form);
  const reminder = Form.useWatch('reminder', form);
  const { editing } = props;
  useEffect(() => {
    form.resetFields();
    if (editing) form.setFieldsValue(editing === 'new' ? NEW : toForm(editing));
  }, [editing, form]);

  const save = useSaveTrigger({
    onSuccess: () => {
      message.success(t('saved'));
      props.onClose();
    },
    onError: (err) => {
      const pairs: TriggerForm['contextPairs'] = form.getFieldValue('contextPairs') ?? [];
      form.setFields(
        formErrors(err).map((f) => {
          const [head, key] = f.name;
          if (head === 'context' && key !== undefined) {
            const row = pairs.findIndex((p) => p.key?.trim() === String(key));
            return { ...f, name: row >= 0 ? ['contextPairs', row, 'path'] : ['contextPairs'] };
          }
          if (head === 'recipient') return { ...f, name: [key === 'phone' ? 'recipientPhone' : 'recipientEmail'] };
          return f;
        }),
      );
      message.error(err.message);
    },
  });

  const declared = eventTypes.data?.find((e) => e.key === eventType);
  const properties = Object.keys(declared?.properties ?? {});
  const en = i18n.language === 'en';

  return (
    <FormDialog
      open={!!editing}
      title={editing === 'new' ? t('triggers.new') : t('triggers.editTitle', { name: editing?.name })}
      form={form}
      pending={save.isPending}
      onCancel={props.onClose}
      width={phone ? '100%' : 760}
    >
      <Form
        form={form}
        layout="vertical"
        onFinish={(v: TriggerForm) =>
          save.mutate({ id: editing && editing !== 'new' ? editing.id : undefined, values: toInput(v) })
        }
      >
        <Form.Item name="name" label={t('name')} rules={[{ required: true, max: 200 }]}>
          <Input />
        </Form.Item>
        <Form.Item name="eventType" label={t('triggers.eventType')} rules={[{ required: true }]}>
          <Select
            showSearch
            optionFilterProp="label"
            loading={eventTypes.isLoading}
            options={(eventTypes.data ?? [])
              .filter((e) => e.status === 'active')
              .map((e) => ({ value: e.key, label: `${en ? (e.nameEn ?? e.name) : e.name} (${e.key})` }))}
          />
        </Form.Item>
        <Form.Item name="condition" label={t('triggers.condition')} extra={t('triggers.conditionHelp')}>
          <ConditionBuilder properties={properties} />
        </Form.Item>
        <Form.Item name="surveyId" label={t('triggers.survey')} rules={[{ required: true }]}>
          <Select
            showSearch
            optionFilterProp="label"
            loading={surveys.isLoading}
            options={(surveys.data ?? []).map((s) => ({ value: s.id, label: s.name }))}
          />
        </Form.Item>
        <Form.Item name="channelId" label={t('triggers.channel')} rules={[{ required: true }]}>
          <Select
            loading={channels.isLoading}
            options={(channels.data ?? []).map((c) => ({
              value: c.id,
              label: `${c.name} · ${t(`channels.kinds.${c.kind}`)}`,
            }))}
          />
        </Form.Item>
        <Space wrap align="start">
          <Form.Item name="delayMinutes" label={t('triggers.delay')} extra={t('triggers.delayHelp')}>
            <InputNumber min={0} max={43200} precision={0} addonAfter={t('triggers.minutes')} />
          </Form.Item>
          <Form.Item name="samplePercent" label={t('triggers.sample')}>
            <InputNumber min={0.01} max={100} addonAfter="%" />
          </Form.Item>
        </Space>
        <Space wrap align="start">
          <Form.Item name="expires" label={t('triggers.expires')} valuePropName="checked">
            <Switch />
          </Form.Item>
          {expires && (
            <Form.Item name="expiresInHours" label={t('triggers.expiresIn')} rules={[{ required: true }]}>
              <InputNumber min={1} max={8760} precision={0} addonAfter={t('triggers.hours')} />
            </Form.Item>
          )}
          <Form.Item name="reminder" label={t('triggers.reminder')} valuePropName="checked">
            <Switch />
          </Form.Item>
          {reminder && (
            <Form.Item name="reminderAfterDays" label={t('triggers.reminderAfter')} rules={[{ required: true }]}>
              <InputNumber min={1} max={60} precision={0} addonAfter={t('policy.daysUnit')} />
            </Form.Item>
          )}
        </Space>
        <Typography.Text strong>{t('triggers.context')}</Typography.Text>
        <Typography.Paragraph type="secondary">{t('triggers.contextHelp')}</Typography.Paragraph>
        <Form.List name="contextPairs">
          {(fields, { add, remove }) => (
            <>
              {fields.map((f) => (
                <Space key={f.key} align="start" wrap={phone} data-testid="context-row">
                  <Form.Item name={[f.name, 'key']} rules={[{ required: true }]} style={{ marginBottom: 8 }}>
                    <Input placeholder={t('triggers.contextKey')} aria-label={t('triggers.contextKey')} />
                  </Form.Item>
                  <span style={{ lineHeight: '32px' }}>←</span>
                  <Form.Item name={[f.name, 'path']} rules={[{ required: true }]} style={{ marginBottom: 8 }}>
                    <Input placeholder={t('triggers.contextPath')} aria-label={t('triggers.contextPath')} />
                  </Form.Item>
                  <Button icon={<DeleteOutlined />} aria-label={t('delete')} onClick={() => remove(f.name)} />
                </Space>
              ))}
              <Form.Item>
                <Button size="small" icon={<PlusOutlined />} onClick={() => add({ key: '', path: '' })}>
                  {t('triggers.addContext')}
                </Button>
              </Form.Item>
            </>
          )}
        </Form.List>
        <Space wrap align="start">
          <Form.Item name="recipientEmail" label={t('triggers.recipientEmail')}>
            <Input placeholder="contact.email" />
          </Form.Item>
          <Form.Item name="recipientPhone" label={t('triggers.recipientPhone')}>
            <Input placeholder="contact.phone" />
          </Form.Item>
        </Space>
        <Form.Item name="enabled" label={t('enabled')} valuePropName="checked">
          <Switch />
        </Form.Item>
      </Form>
    </FormDialog>
  );
}
