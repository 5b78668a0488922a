import { App, Button, Form, Input, InputNumber, Popconfirm, Select, Space, Switch, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { FormDialog, ListPageHeader, ResponsiveList } from '../../components/ListPage.tsx';
import { SecretOnceModal } from '../../components/SecretOnceModal.tsx';
import { UnitPicker } from '../../components/UnitPicker.tsx';
import { formErrors } from '../../lib/api.ts';
import { useOrgUnits } from '../../lib/org.ts';
import { useSurveys } from '../surveys/api.ts';
import {
  useCreateWebhook,
  useDeleteWebhook,
  useRotateWebhookSecret,
  useTestWebhook,
  useToggleWebhook,
  useUpdateWebhook,
  useWebhooks,
  type WebhookEndpoint,
} from './api.ts';
import { DeliveryLog } from './DeliveryLog.tsx';
import { EventPicker, eventKey } from './EventPicker.tsx';

/** The page (loaded when its route is first opened). */
export function WebhooksPage() {
  const { t } = useTranslation('webhooks');
  const { message } = App.useApp();
  const [creating, setCreating] = useState(false);
  const [rotating, setRotating] = useState<WebhookEndpoint>();
  const [editing, setEditing] = useState<WebhookEndpoint>();
  const [logOf, setLogOf] = useState<string>();
  const [secret, setSecret] = useState<string>();
  const [form] = Form.useForm();
  const [rotateForm] = Form.useForm();
  const [editForm] = Form.useForm();
  const hooks = useWebhooks();
  const units = useOrgUnits();
  const surveys = useSurveys();
  const unitName = new Map((units.data ?? []).map((u) => [u.id, u.name]));
  const surveyName = new Map((surveys.data ?? []).map((s) => [s.id, s.name]));
  const surveyOptions = (surveys.data ?? []).map((s) => ({ value: s.id, label: s.name }));
  const logEndpoint = hooks.data?.find((w) => w.id === logOf);

  const create = useCreateWebhook({
    onSuccess: (w) => {
      setCreating(false);
      form.resetFields();
      setSecret(w.secret);
    },
    onError: (err) => {
      form.setFields(formErrors(err));
      message.error(err.message);
    },
  });
  const rotate = useRotateWebhookSecret({
    onSuccess: (w) => {
      setRotating(undefined);
      setSecret(w.secret);
    },
    onError: (err) => message.error(err.message),
  });
  const toggle = useToggleWebhook({ onError: (err) => message.error(err.message) });
  const update = useUpdateWebhook({
    onSuccess: () => setEditing(undefined),
    onError: (err) => {
      editForm.setFields(formErrors(err));
      message.error(err.message);
    },
  });
  const remove = useDeleteWebhook({ onError: (err) => message.error(err.message) });
  const test = useTestWebhook({
    onSuccess: (r) =>
      r.ok
        ? message.success(t('testOk', { status: r.responseStatus, ms: r.latencyMs }))
        : message.error(t('testFailed', { error: r.error })),
    onError: (err) => message.error(err.message),
  });

  const actions = (w: WebhookEndpoint) => (
    <Space wrap>
      <Switch
        size="small"
        checked={w.enabled}
        aria-label={t('enabled')}
        onChange={(enabled) => toggle.mutate({ id: w.id, enabled })}
      />
      <Button size="small" loading={test.isPending && test.variables === w.id} onClick={() => test.mutate(w.id)}>
        {t('test')}
      </Button>
      <Button size="small" onClick={() => setLogOf(w.id)} data-testid="open-deliveries">
        {t('deliveries')}
      </Button>
      <Button size="small" onClick={() => setEditing(w)}>
        {t('edit')}
      </Button>
      <Button size="small" onClick={() => setRotating(w)}>
        {t('rotate')}
      </Button>
      <Popconfirm title={t('deleteConfirm')} onConfirm={() => remove.mutate(w.id)}>
        <Button size="small" danger disabled={w.ruleCount > 0}>
          {t('delete')}
        </Button>
      </Popconfirm>
    </Space>
  );
  const secretState = (w: WebhookEndpoint) => (
    <Space direction="vertical" size={0}>
      {w.secretCreatedAt && <span>{new Date(w.secretCreatedAt).toLocaleString()}</span>}
      {w.previousSecretExpiresAt && (
        <Typography.Text type="warning">
          {t('overlapUntil', { at: new Date(w.previousSecretExpiresAt).toLocaleString() })}
        </Typography.Text>
      )}
    </Space>
  );

  const subscriptions = (w: WebhookEndpoint) => (
    <Space size={[4, 4]} wrap>
      {w.events.length === 0 && <Typography.Text type="secondary">{t('alertsOnly')}</Typography.Text>}
      {w.events.map((e) => (
        <Tag key={e} title={e}>
          {t(eventKey(e), { defaultValue: e })}
        </Tag>
      ))}
      {w.surveyId && <Tag color="purple">{surveyName.get(w.surveyId) ?? t('oneSurvey')}</Tag>}
    </Space>
  );
  const state = (w: WebhookEndpoint) =>
    w.disabledReason === 'failures' ? (
      <Space direction="vertical" size={2}>
        <Tag color="red" data-testid="auto-disabled">
          {t('autoDisabled')}
        </Tag>
        <Typography.Text type="secondary">
          {t('autoDisabledHelp', {
            n: w.consecutiveFailures,
            at: w.disabledAt ? new Date(w.disabledAt).toLocaleString() : '',
          })}
        </Typography.Text>
        <Button size="small" type="primary" onClick={() => toggle.mutate({ id: w.id, enabled: true })}>
          {t('reEnable')}
        </Button>
      </Space>
    ) : null;

  return (
    <div>
      <ListPageHeader title={t('title')} newLabel={t('new')} onNew={() => setCreating(true)} help={t('help')} />
      <ResponsiveList
        query={hooks}
        empty={t('none')}
        cardTestId="webhook-card"
        card={(w) => (
          <>
            <Typography.Text strong style={{ wordBreak: 'break-all' }}>
              {w.url}
            </Typography.Text>
            {w.description && <div>{w.description}</div>}
            <Typography.Text type="secondary">
              {unitName.get(w.orgUnitId) ?? '—'} · {t('rules')}: {w.ruleCount}
            </Typography.Text>
            <div style={{ marginTop: 4 }}>{subscriptions(w)}</div>
            {state(w)}
            <div>{secretState(w)}</div>
            <div style={{ marginTop: 8 }}>{actions(w)}</div>
          </>
        )}
        columns={[
          {
            title: t('url'),
            dataIndex: 'url',
            render: (url: string, w) => (
              <Space direction="vertical" size={0}>
                <Typography.Text style={{ wordBreak: 'break-all' }}>{url}</Typography.Text>
                {w.description && <Typography.Text type="secondary">{w.description}</Typography.Text>}
              </Space>
            ),
          },
          {
            title: t('events'),
            render: (_: unknown, w) => (
              <Space direction="vertical" size={4}>
                {subscriptions(w)}
                {state(w)}
              </Space>
            ),
          },
          { title: t('unit'), dataIndex: 'orgUnitId', render: (id: string) => unitName.get(id) ?? '—' },
          { title: t('rules'), dataIndex: 'ruleCount' },
          { title: t('secretSince'), render: (_: unknown, w) => secretState(w) },
          { title: t('core:common.actions'), render: (_: unknown, w) => actions(w) },
        ]}
      />
      <FormDialog
        open={creating}
        title={t('new')}
        form={form}
        pending={create.isPending}
        onCancel={() => setCreating(false)}
      >
        <Form form={form} layout="vertical" initialValues={{ events: [] }} onFinish={(v) => create.mutate(v)}>
          <Form.Item
            name="url"
            label={t('url')}
            extra={t('urlHelp')}
            rules={[{ required: true, type: 'url', max: 2000 }]}
          >
            <Input placeholder="https://data.example.com/loopcx/webhooks" />
          </Form.Item>
          <Form.Item name="description" label={t('description')} rules={[{ max: 500 }]}>
            <Input />
          </Form.Item>
          <Form.Item name="orgUnitId" label={t('unit')} extra={t('unitHelp')}>
            <UnitPicker />
          </Form.Item>
          <Form.Item name="events" label={t('events')} extra={t('eventsHelp')}>
            <EventPicker />
          </Form.Item>
          <Form.Item name="surveyId" label={t('survey')} extra={t('surveyHelp')}>
            <Select allowClear showSearch optionFilterProp="label" options={surveyOptions} />
          </Form.Item>
        </Form>
      </FormDialog>
      <FormDialog
        open={!!editing}
        title={t('editTitle', { url: editing?.url })}
        form={editForm}
        pending={update.isPending}
        onCancel={() => setEditing(undefined)}
      >
        <Form
          form={editForm}
          layout="vertical"
          preserve={false}
          initialValues={
            editing && {
              url: editing.url,
              description: editing.description,
              events: editing.events,
              surveyId: editing.surveyId ?? undefined,
            }
          }
          onFinish={(v) => editing && update.mutate({ id: editing.id, ...v, surveyId: v.surveyId ?? null })}
        >
          <Form.Item name="url" label={t('url')} rules={[{ required: true, type: 'url', max: 2000 }]}>
            <Input />
          </Form.Item>
          <Form.Item name="description" label={t('description')} rules={[{ max: 500 }]}>
            <Input />
          </Form.Item>
          <Form.Item name="events" label={t('events')} extra={t('eventsHelp')}>
            <EventPicker />
          </Form.Item>
          <Form.Item name="surveyId" label={t('survey')} extra={t('surveyHelp')}>
            <Select allowClear showSearch optionFilterProp="label" options={surveyOptions} />
          </Form.Item>
        </Form>
      </FormDialog>
      <DeliveryLog endpoint={logEndpoint} onClose={() => setLogOf(undefined)} />
      <FormDialog
        open={!!rotating}
        title={t('rotateTitle', { url: rotating?.url })}
        form={rotateForm}
        pending={rotate.isPending}
        onCancel={() => setRotating(undefined)}
      >
        <Typography.Paragraph type="secondary">{t('rotateHelp')}</Typography.Paragraph>
        <Form
          form={rotateForm}
          layout="vertical"
          initialValues={{ overlapHours: 24 }}
          onFinish={(v) => rotating && rotate.mutate({ id: rotating.id, overlapHours: v.overlapHours })}
        >
          <Form.Item name="overlapHours" label={t('overlapHours')} rules={[{ required: true }]}>
            <InputNumber min={0} max={168} precision={0} />
          </Form.Item>
        </Form>
      </FormDialog>
      <SecretOnceModal
        secret={secret}
        title={t('secretTitle')}
        warning={t('shownOnce')}
        hint={t('verifyHint')}
        testId="webhook-secret"
        onClose={() => setSecret(undefined)}
      />
    </div>
  );
}
