import type { TContactPolicy } from '@loopcx/shared';
import { App, Button, Card, Form, InputNumber, List, Space, Switch, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formErrors } from '../../lib/api.ts';
import { useTenantTime } from '../../lib/time.ts';
import { type Trigger, useContactPolicy, useSaveContactPolicy, useSaveTrigger, useTriggers } from './api.ts';

interface PolicyForm {
  limit: boolean;
  count?: number;
  days?: number;
  minDaysBetween?: number | null;
  suppressWhileTicketOpen: boolean;
}

/** One trigger's reminder: off, or one reminder to non-responders after N days. */
function ReminderRow(props: { trigger: Trigger }) {
  const { t } = useTranslation('reach');
  const { message } = App.useApp();
  const [days, setDays] = useState<number | null>(props.trigger.reminderAfterDays);
  useEffect(() => setDays(props.trigger.reminderAfterDays), [props.trigger.reminderAfterDays]);
  const save = useSaveTrigger({
    onSuccess: () => message.success(t('saved')),
    onError: (err) => message.error(err.message),
  });
  return (
    <List.Item data-testid="reminder-row">
      <Space wrap style={{ width: '100%', justifyContent: 'space-between' }}>
        <Typography.Text strong>{props.trigger.name}</Typography.Text>
        <Space wrap>
          <Switch
            checked={days !== null}
            aria-label={t('policy.reminderOn')}
            onChange={(on) => setDays(on ? (props.trigger.reminderAfterDays ?? 3) : null)}
          />
          {days !== null && (
            <InputNumber
              min={1}
              max={60}
              precision={0}
              value={days}
              onChange={(v) => setDays(v ?? 1)}
              addonAfter={t('policy.daysAfter')}
              style={{ width: 160 }}
            />
          )}
          <Button
            size="small"
            disabled={days === props.trigger.reminderAfterDays}
            loading={save.isPending}
            onClick={() => save.mutate({ id: props.trigger.id, values: { reminderAfterDays: days } })}
          >
            {t('core:common.save')}
          </Button>
        </Space>
      </Space>
    </List.Item>
  );
}

/** Distribution → Contact policy: how often one customer may be invited (tenant-wide), and each trigger's reminder. */
export function ContactPolicyPage() {
  const time = useTenantTime();
  const { t } = useTranslation('reach');
  const { message } = App.useApp();
  const [form] = Form.useForm();
  const policy = useContactPolicy();
  const triggers = useTriggers();
  const limit = Form.useWatch('limit', form);
  useEffect(() => {
    const p = policy.data;
    if (!p) return;
    form.setFieldsValue({
      limit: !!p.maxInvitations,
      count: p.maxInvitations?.count ?? 1,
      days: p.maxInvitations?.days ?? 30,
      minDaysBetween: p.minDaysBetween,
      suppressWhileTicketOpen: p.suppressWhileTicketOpen,
    });
  }, [policy.data, form]);
  const save = useSaveContactPolicy({
    onSuccess: () => message.success(t('saved')),
    onError: (err) => {
      form.setFields(
        formErrors(err).map((f) =>
          f.name[0] === 'maxInvitations' ? { ...f, name: [f.name[1] === 'days' ? 'days' : 'count'] } : f,
        ),
      );
      message.error(err.message);
    },
  });
  const submit = (v: PolicyForm) => {
    const body: TContactPolicy = {
      maxInvitations: v.limit && v.count && v.days ? { count: v.count, days: v.days } : null,
      minDaysBetween: v.minDaysBetween ?? null,
      suppressWhileTicketOpen: v.suppressWhileTicketOpen,
    };
    save.mutate(body);
  };

  return (
    <div style={{ maxWidth: 760 }}>
      <Typography.Title level={4}>{t('policy.title')}</Typography.Title>
      <Typography.Paragraph type="secondary">{t('policy.help')}</Typography.Paragraph>
      <Card loading={policy.isLoading} size="small">
        <Form form={form} layout="vertical" onFinish={submit}>
          <Form.Item name="limit" label={t('policy.limit')} valuePropName="checked">
            <Switch />
          </Form.Item>
          {limit && (
            <Space wrap align="start">
              <Form.Item name="count" label={t('policy.count')} rules={[{ required: true }]}>
                <InputNumber min={1} max={1000} precision={0} />
              </Form.Item>
              <Form.Item name="days" label={t('policy.days')} rules={[{ required: true }]}>
                <InputNumber min={1} max={3650} precision={0} addonAfter={t('policy.daysUnit')} />
              </Form.Item>
            </Space>
          )}
          <Form.Item name="minDaysBetween" label={t('policy.minDaysBetween')} extra={t('policy.minDaysHelp')}>
            <InputNumber min={0} max={3650} precision={0} addonAfter={t('policy.daysUnit')} />
          </Form.Item>
          <Form.Item name="suppressWhileTicketOpen" label={t('policy.ticketOpen')} valuePropName="checked">
            <Switch />
          </Form.Item>
          <Typography.Paragraph type="secondary">{t('policy.optOut')}</Typography.Paragraph>
          <Button type="primary" htmlType="submit" loading={save.isPending}>
            {t('core:common.save')}
          </Button>
          {policy.data?.updatedAt && (
            <Typography.Text type="secondary" style={{ marginLeft: 12 }}>
              {t('policy.updatedAt', { at: time.dateTime(policy.data.updatedAt) })}
            </Typography.Text>
          )}
        </Form>
      </Card>
      <Typography.Title level={5} style={{ marginTop: 24 }}>
        {t('policy.reminders')}
      </Typography.Title>
      <Typography.Paragraph type="secondary">{t('policy.remindersHelp')}</Typography.Paragraph>
      <Card size="small">
        <List
          loading={triggers.isLoading}
          dataSource={triggers.data ?? []}
          locale={{ emptyText: t('triggers.none') }}
          renderItem={(tr) => <ReminderRow trigger={tr} />}
        />
      </Card>
    </div>
  );
}
