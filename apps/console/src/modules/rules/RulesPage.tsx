import { TICKET_PRIORITIES } from '@loopcx/shared';
import {
  App,
  Button,
  Form,
  Input,
  InputNumber,
  Modal,
  Radio,
  Select,
  Space,
  Switch,
  Table,
  Tabs,
  Tag,
  Typography,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formErrors } from '../../lib/api.ts';
import { enumLabel } from '../../lib/enums.ts';
import { useMe } from '../../lib/me.tsx';
import { useTenantTime } from '../../lib/time.ts';
import { useWebhooks } from '../webhooks/api.ts';
import {
  type Rule,
  useCreateRule,
  useDeleteRule,
  useOutbox,
  useRules,
  useSaveSla,
  useSlaPolicies,
  useToggleRule,
} from './api.ts';
import { ConditionBuilder, ConditionText } from './ConditionBuilder.tsx';
import { FeedbackConditionFields, FeedbackConditionText } from './FeedbackCondition.tsx';

const SURVEY_METRICS = ['nps', 'csat', 'ces'];
/** The audit indicators (service QA): % of audits with a fatal failure, % of general items failed, mean score. */
const AUDIT_METRICS = ['audit.fatal_error_rate', 'audit.general_error_rate', 'audit.score'];

/** The page (loaded when its route is first opened). */
export function RulesPage() {
  const time = useTenantTime();
  const { t, i18n } = useTranslation('rules');
  // Survey metrics by their acronym; the audit indicators by their name in the reader's language.
  const metricLabel = (m: string) => (m.startsWith('audit.') ? t(`auditMetric.${m.slice(6)}`) : m.toUpperCase());
  const metricCondition = (c: Record<string, unknown>) =>
    c.anomaly
      ? t('metricAnomaly', { metric: metricLabel(String(c.metric)), days: c.windowDays })
      : t('metricThreshold', {
          metric: metricLabel(String(c.metric)),
          op: c.op,
          threshold: c.threshold,
          days: c.windowDays,
        });
  const me = useMe();
  const { message } = App.useApp();
  const [creating, setCreating] = useState(false);
  const [form] = Form.useForm();
  const kind = Form.useWatch('kind', form) ?? 'response';
  const anomaly = Form.useWatch('anomaly', form);
  const rules = useRules();
  const outbox = useOutbox(me.can('alerts.write'));
  const sla = useSlaPolicies();
  const webhooks = useWebhooks(me.can('webhooks.manage'));
  const toggle = useToggleRule({ onError: (e) => message.error(e.message) });
  const remove = useDeleteRule();
  const create = useCreateRule({
    onSuccess: () => {
      setCreating(false);
      form.resetFields();
    },
    onError: (err) => {
      form.setFields(
        formErrors(err).map((f) => ({ ...f, name: f.name.at(-1) === 'expression' ? ['expression'] : f.name })),
      );
      message.error(err.message);
    },
  });
  const saveSla = useSaveSla({
    onSuccess: (r) => message.success(t('slaSaved', { n: r.openTicketsUpdated })),
    onError: (e) => message.error(e.message),
  });
  const canWrite = me.can('alerts.write');
  return (
    <div>
      <Typography.Title level={4}>{t('title')}</Typography.Title>
      <Tabs
        items={[
          {
            key: 'rules',
            label: t('rules'),
            children: (
              <>
                {canWrite && (
                  <Button type="primary" style={{ marginBottom: 12 }} onClick={() => setCreating(true)}>
                    {t('new')}
                  </Button>
                )}
                <Table
                  rowKey="id"
                  size="small"
                  loading={rules.isLoading}
                  dataSource={rules.data}
                  pagination={false}
                  scroll={{ x: 700 }}
                  columns={[
                    { title: t('name'), dataIndex: 'name' },
                    { title: t('kind'), dataIndex: 'kind', render: (k: string) => <Tag>{t(k)}</Tag> },
                    {
                      title: t('condition'),
                      render: (_, r) => (
                        <Typography.Text code>
                          {r.kind === 'response' ? (
                            <ConditionText expression={String(r.condition.expression)} />
                          ) : r.kind === 'feedback' ? (
                            <FeedbackConditionText condition={r.condition} />
                          ) : (
                            metricCondition(r.condition)
                          )}
                        </Typography.Text>
                      ),
                    },
                    {
                      title: t('ticket'),
                      render: (_, r) =>
                        r.actions.ticket ? enumLabel('ticketPriority', r.actions.ticket.priority, i18n.language) : '—',
                    },
                    {
                      title: t('enabled'),
                      render: (_, r) => (
                        <Switch
                          size="small"
                          checked={r.enabled}
                          disabled={!canWrite}
                          onChange={() => toggle.mutate(r)}
                        />
                      ),
                    },
                    ...(canWrite
                      ? [
                          {
                            title: '',
                            render: (_: unknown, r: Rule) => (
                              <Button size="small" danger onClick={() => remove.mutate(r.id)}>
                                {t('core:common.delete')}
                              </Button>
                            ),
                          },
                        ]
                      : []),
                  ]}
                />
              </>
            ),
          },
          {
            key: 'sla',
            label: t('sla'),
            children: (
              <Table
                rowKey="priority"
                size="small"
                pagination={false}
                dataSource={sla.data}
                columns={[
                  {
                    title: t('priority'),
                    dataIndex: 'priority',
                    render: (p: string) => enumLabel('ticketPriority', p, i18n.language),
                  },
                  {
                    title: t('firstResponse'),
                    render: (_, r) => (
                      <InputNumber
                        min={1}
                        defaultValue={r.firstResponseMinutes}
                        disabled={!canWrite}
                        onBlur={(e) => saveSla.mutate({ ...r, firstResponseMinutes: Number(e.target.value) })}
                      />
                    ),
                  },
                  {
                    title: t('resolution'),
                    render: (_, r) => (
                      <InputNumber
                        min={1}
                        defaultValue={r.resolutionMinutes}
                        disabled={!canWrite}
                        onBlur={(e) => saveSla.mutate({ ...r, resolutionMinutes: Number(e.target.value) })}
                      />
                    ),
                  },
                ]}
              />
            ),
          },
          ...(canWrite
            ? [
                {
                  key: 'outbox',
                  label: t('outbox'),
                  children: (
                    <Table
                      rowKey="id"
                      size="small"
                      dataSource={outbox.data}
                      columns={[
                        { title: t('to'), dataIndex: 'recipient' },
                        { title: t('subject'), dataIndex: 'subject' },
                        {
                          title: t('status'),
                          dataIndex: 'status',
                          render: (st: string) => enumLabel('notificationStatus', st, i18n.language),
                        },
                        {
                          title: t('time'),
                          dataIndex: 'createdAt',
                          render: (d: string) => time.dateTime(d),
                        },
                      ]}
                    />
                  ),
                },
              ]
            : []),
        ]}
      />
      <Modal
        open={creating}
        title={t('new')}
        onCancel={() => setCreating(false)}
        onOk={() => form.submit()}
        confirmLoading={create.isPending}
        destroyOnHidden
        width={620}
      >
        <Form
          form={form}
          layout="vertical"
          onFinish={(v) => create.mutate(v)}
          initialValues={{
            kind: 'response',
            expression: '{nps} <= 6 or {csat} <= 2',
            ticket: true,
            priority: 'high',
            assign: 'unit_manager',
            metric: 'nps',
            windowDays: 7,
            op: '<',
            threshold: 20,
            minN: 5,
            fbSources: ['social'],
            fbSentiments: ['negative'],
          }}
        >
          <Form.Item name="kind">
            <Radio.Group
              options={[
                { value: 'response', label: t('response') },
                { value: 'metric', label: t('metric') },
                { value: 'feedback', label: t('feedback') },
              ]}
            />
          </Form.Item>
          <Form.Item name="name" label={t('name')} rules={[{ required: true }]}>
            <Input />
          </Form.Item>
          {kind === 'response' ? (
            <Form.Item
              name="expression"
              label={t('condition')}
              extra={t('expressionHelp')}
              rules={[{ required: true }]}
            >
              <ConditionBuilder />
            </Form.Item>
          ) : kind === 'feedback' ? (
            <FeedbackConditionFields />
          ) : (
            <Space wrap>
              <Form.Item name="metric" label={t('metric')}>
                <Select
                  style={{ minWidth: 110 }}
                  popupMatchSelectWidth={false}
                  options={[...SURVEY_METRICS, ...AUDIT_METRICS].map((m) => ({ value: m, label: metricLabel(m) }))}
                />
              </Form.Item>
              <Form.Item name="windowDays" label={t('window')}>
                <InputNumber min={1} max={90} />
              </Form.Item>
              <Form.Item name="anomaly" label={t('anomaly')} valuePropName="checked">
                <Switch />
              </Form.Item>
              {!anomaly && (
                <Form.Item name="op" label=" ">
                  <Select style={{ width: 70 }} options={['<', '<=', '>', '>='].map((o) => ({ value: o, label: o }))} />
                </Form.Item>
              )}
              {!anomaly && (
                <Form.Item name="threshold" label={t('threshold')}>
                  <InputNumber />
                </Form.Item>
              )}
              <Form.Item name="minN" label={t('minN')}>
                <InputNumber min={1} />
              </Form.Item>
            </Space>
          )}
          <Space wrap>
            <Form.Item name="ticket" label={t('ticket')} valuePropName="checked">
              <Switch />
            </Form.Item>
            <Form.Item name="priority" label={t('priority')}>
              <Select
                style={{ width: 110 }}
                options={TICKET_PRIORITIES.map((p) => ({
                  value: p,
                  label: enumLabel('ticketPriority', p, i18n.language),
                }))}
              />
            </Form.Item>
            <Form.Item name="assign" label={t('assign')}>
              <Select
                style={{ width: 160 }}
                options={[
                  { value: 'unit_manager', label: t('unitManager') },
                  { value: 'round_robin', label: t('roundRobin') },
                ]}
              />
            </Form.Item>
          </Space>
          <Form.Item name="emails" label={t('emails')}>
            <Input placeholder="cx@example.com" />
          </Form.Item>
          {me.can('webhooks.manage') && (
            <Form.Item name="webhookId" label={t('webhook')} extra={t('webhookHelp')}>
              <Select
                allowClear
                options={(webhooks.data ?? []).map((w) => ({
                  value: w.id,
                  label: w.description ? `${w.description} · ${w.url}` : w.url,
                }))}
              />
            </Form.Item>
          )}
        </Form>
      </Modal>
    </div>
  );
}
