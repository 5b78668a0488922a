import { FormulaError, parseFormula } from '@loopcx/shared';
import {
  Alert,
  App,
  Button,
  Descriptions,
  Form,
  Input,
  InputNumber,
  Modal,
  Popconfirm,
  Segmented,
  Select,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, formErrors } from '../../lib/api.ts';
import { useMe } from '../../lib/me.tsx';
import { useTenantTime } from '../../lib/time.ts';
import { type MetricDef, useFormulaPreview, useMetricDefinitions, useSaveMetric, useSetMetricStatus } from './api.ts';

/** Debounced value (live validation and preview without a request per keystroke). */
function useDebounced<T>(value: T, ms = 400): T {
  const [v, setV] = useState(value);
  useEffect(() => {
    const id = window.setTimeout(() => setV(value), ms);
    return () => window.clearTimeout(id);
  }, [value, ms]);
  return v;
}

/** Live check of a formula: syntax in the browser (shared parser), then event types and dimensions on the server, then a preview value. */
function FormulaPreview({ formula, minN }: { formula: string; minN: number }) {
  const { t } = useTranslation('metric-defs');
  const me = useMe();
  const time = useTenantTime();
  const f = useDebounced(formula.trim());
  let syntax: string | undefined;
  try {
    if (f) parseFormula(f);
  } catch (e) {
    if (e instanceof FormulaError) syntax = e.message;
  }
  const { from, to } = time.lastDays(30);
  const preview = useFormulaPreview(f, minN, { orgUnitId: me.orgUnit.id, from, to }, !!f && !syntax);
  if (!f) return null;
  const error =
    syntax ??
    (preview.error instanceof ApiError ? (preview.error.invalidParams[0]?.reason ?? preview.error.message) : undefined);
  if (error) return <Alert type="error" showIcon message={error} data-testid="formula-error" />;
  const r = preview.data;
  return (
    <Descriptions
      size="small"
      bordered
      column={{ xs: 1, sm: 2 }}
      title={
        <Typography.Text type="success">
          {t('valid')} · {t('preview')}
        </Typography.Text>
      }
      data-testid="formula-preview"
    >
      <Descriptions.Item label={t('value')}>
        {r ? (r.suppressed ? t('hidden') : r.value === null ? '—' : r.value.toFixed(4)) : '…'}
      </Descriptions.Item>
      <Descriptions.Item label={t('n')}>{r?.n ?? '…'}</Descriptions.Item>
      {r && 'numerator' in r && <Descriptions.Item label={t('numerator')}>{r.numerator ?? '—'}</Descriptions.Item>}
      {r && 'denominator' in r && (
        <Descriptions.Item label={t('denominator')}>{r.denominator ?? '—'}</Descriptions.Item>
      )}
      {r?.ci && <Descriptions.Item label="95% CI">{`${r.ci[0].toFixed(4)} – ${r.ci[1].toFixed(4)}`}</Descriptions.Item>}
    </Descriptions>
  );
}

function MetricForm({ editing, onClose }: { editing?: MetricDef; onClose: () => void }) {
  const { t } = useTranslation('metric-defs');
  const { message } = App.useApp();
  const [form] = Form.useForm();
  const formula = Form.useWatch('formula', form) ?? editing?.formula ?? '';
  const minN = Form.useWatch('minN', form) ?? editing?.minN ?? 5;
  const save = useSaveMetric(editing?.key, {
    onSuccess: () => onClose(),
    onError: (err) => {
      form.setFields(formErrors(err));
      message.error(err.message);
    },
  });
  return (
    <Modal
      open
      title={editing ? `${t('edit')} ${editing.key}` : t('new')}
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={save.isPending}
      width={760}
      destroyOnHidden
    >
      <Form
        form={form}
        layout="vertical"
        initialValues={editing ?? { format: 'number', decimals: 2, direction: 'higher', minN: 5 }}
        onFinish={(v) =>
          save.mutate({ ...v, target: v.target ?? null, nameEn: v.nameEn || null, description: v.description || null })
        }
      >
        <Space wrap style={{ width: '100%' }}>
          <Form.Item
            name="key"
            label={t('key')}
            extra={t('keyHelp')}
            rules={[{ required: !editing, pattern: /^[a-z][a-z0-9_]{0,62}$/ }]}
          >
            <Input disabled={!!editing} placeholder="cpo" />
          </Form.Item>
          <Form.Item name="name" label={t('name')} rules={[{ required: true, max: 200 }]}>
            <Input />
          </Form.Item>
          <Form.Item name="nameEn" label={t('nameEn')}>
            <Input />
          </Form.Item>
        </Space>
        <Form.Item name="formula" label={t('formula')} extra={t('formulaHelp')} rules={[{ required: true, max: 1000 }]}>
          <Input.TextArea
            rows={3}
            style={{ fontFamily: 'monospace' }}
            placeholder="count('call.inbound') / count('order.completed' where properties.valid = true)"
            data-testid="formula-input"
          />
        </Form.Item>
        <div style={{ marginBottom: 16 }}>
          <FormulaPreview formula={String(formula)} minN={Number(minN) || 1} />
        </div>
        <Space wrap>
          <Form.Item name="direction" label={t('direction')}>
            <Segmented
              options={[
                { value: 'higher', label: t('higher') },
                { value: 'lower', label: t('lower') },
              ]}
            />
          </Form.Item>
          <Form.Item name="target" label={t('target')}>
            <InputNumber style={{ width: 120 }} />
          </Form.Item>
          <Form.Item name="minN" label={t('minN')} rules={[{ required: true }]}>
            <InputNumber min={1} max={100000} style={{ width: 110 }} />
          </Form.Item>
          <Form.Item name="format" label={t('format')}>
            <Select
              style={{ width: 120 }}
              options={['number', 'percent', 'ratio', 'currency'].map((v) => ({ value: v, label: t(`formats.${v}`) }))}
            />
          </Form.Item>
          <Form.Item name="decimals" label={t('decimals')}>
            <InputNumber min={0} max={6} style={{ width: 80 }} />
          </Form.Item>
        </Space>
        <Form.Item name="description" label={t('description')}>
          <Input.TextArea rows={2} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

export function MetricDefinitionsPage() {
  const { t, i18n } = useTranslation('metric-defs');
  const { message } = App.useApp();
  const me = useMe();
  const [editing, setEditing] = useState<MetricDef | 'new'>();
  const list = useMetricDefinitions();
  const setStatus = useSetMetricStatus({ onError: (err) => message.error(err.message) });
  const canWrite = me.can('metrics.write');
  const zh = i18n.language.startsWith('zh');
  return (
    <div>
      <Space style={{ marginBottom: 8 }} wrap>
        <Typography.Title level={4} style={{ margin: 0 }}>
          {t('title')}
        </Typography.Title>
        {canWrite && (
          <Button type="primary" onClick={() => setEditing('new')} data-testid="new-metric">
            {t('new')}
          </Button>
        )}
      </Space>
      <Typography.Paragraph type="secondary">{t('help')}</Typography.Paragraph>
      <Table
        size="small"
        rowKey="key"
        loading={list.isLoading}
        dataSource={list.data}
        pagination={false}
        scroll={{ x: 900 }}
        columns={[
          { title: t('key'), dataIndex: 'key', render: (k: string) => <Typography.Text code>{k}</Typography.Text> },
          { title: t('name'), render: (_: unknown, m: MetricDef) => (zh ? m.name : (m.nameEn ?? m.name)) },
          {
            title: t('formula'),
            render: (_: unknown, m: MetricDef) =>
              m.formula ? (
                <Typography.Text code style={{ fontSize: 12 }}>
                  {m.formula}
                </Typography.Text>
              ) : (
                <Typography.Text type="secondary">
                  {m.builtin
                    ? t(`builtinDescription.${m.key.replace(/:.*/, '')}`, { defaultValue: m.description ?? '' })
                    : m.description}
                </Typography.Text>
              ),
          },
          { title: t('direction'), dataIndex: 'direction', render: (d: string) => t(d) },
          { title: t('target'), dataIndex: 'target', render: (v: number | null) => v ?? '—' },
          { title: t('minN'), dataIndex: 'minN' },
          {
            title: '',
            render: (_: unknown, m: MetricDef) =>
              m.builtin ? (
                <Tag>{t('builtin')}</Tag>
              ) : m.status === 'archived' ? (
                <Tag>{t('archived')}</Tag>
              ) : (
                <Tag color="green">{t('active')}</Tag>
              ),
          },
          {
            title: '',
            render: (_: unknown, m: MetricDef) =>
              canWrite &&
              !m.builtin && (
                <Space>
                  <Button size="small" onClick={() => setEditing(m)}>
                    {t('edit')}
                  </Button>
                  {m.status === 'active' ? (
                    <Popconfirm
                      title={t('archiveConfirm', { key: m.key })}
                      onConfirm={() => setStatus.mutate({ key: m.key, status: 'archived' })}
                    >
                      <Button size="small" danger>
                        {t('archive')}
                      </Button>
                    </Popconfirm>
                  ) : (
                    <Button size="small" onClick={() => setStatus.mutate({ key: m.key, status: 'active' })}>
                      {t('restore')}
                    </Button>
                  )}
                </Space>
              ),
          },
        ]}
      />
      {editing && (
        <MetricForm editing={editing === 'new' ? undefined : editing} onClose={() => setEditing(undefined)} />
      )}
    </div>
  );
}
