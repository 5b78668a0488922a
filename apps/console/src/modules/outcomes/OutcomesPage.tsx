import { Alert, Button, Card, Form, InputNumber, Select, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { UnitPicker } from '../../components/UnitPicker.tsx';
import { ApiError } from '../../lib/api.ts';
import { useMe } from '../../lib/me.tsx';
import { useEventTypes } from '../events/api.ts';
import { type OutcomeAsk, useOutcomes } from './api.ts';
import { OutcomeResult } from './OutcomeResult.tsx';

interface FormValues {
  metric: string;
  outcomeEventType: string;
  outcome: 'occurs' | 'absent';
  withinDays: number;
  orgUnitId?: string;
}

/**
 * "Does experience predict behaviour? / 体验能否预测行为": the X → O form (metric, outcome event, occurs or absent,
 * window, unit) and its answer — rates by score group with intervals, the lift and the verdict (decision 78).
 */
export function OutcomesPage() {
  const { t } = useTranslation('outcomes');
  const me = useMe();
  const types = useEventTypes();
  const [ask, setAsk] = useState<OutcomeAsk | undefined>();
  const result = useOutcomes(ask);
  const submit = (v: FormValues) =>
    setAsk({
      metric: v.metric,
      outcomeEventType: v.outcomeEventType,
      outcome: v.outcome,
      withinDays: v.withinDays,
      orgUnitId: v.orgUnitId ?? me.orgUnit.id,
    });
  return (
    <div style={{ maxWidth: 880 }}>
      <Typography.Title level={3}>{t('title')}</Typography.Title>
      <Typography.Paragraph type="secondary">{t('intro')}</Typography.Paragraph>
      <Card size="small" style={{ marginBottom: 12 }}>
        <Form<FormValues>
          layout="vertical"
          initialValues={{ metric: 'nps', outcomeEventType: 'order.completed', outcome: 'occurs', withinDays: 30 }}
          onFinish={submit}
          data-testid="outcome-form"
        >
          <div style={{ display: 'grid', gridTemplateColumns: 'repeat(auto-fit, minmax(160px, 1fr))', gap: '0 12px' }}>
            <Form.Item name="metric" label={t('metric')} rules={[{ required: true }]}>
              <Select options={['nps', 'csat', 'ces'].map((m) => ({ value: m, label: m.toUpperCase() }))} />
            </Form.Item>
            <Form.Item name="outcomeEventType" label={t('event')} rules={[{ required: true }]}>
              <Select
                showSearch
                loading={types.isLoading}
                options={(types.data ?? []).map((e) => ({ value: e.key, label: e.key }))}
              />
            </Form.Item>
            <Form.Item name="outcome" label={t('outcome')}>
              <Select
                options={[
                  { value: 'occurs', label: t('occurs') },
                  { value: 'absent', label: t('absent') },
                ]}
              />
            </Form.Item>
            <Form.Item name="withinDays" label={t('within')} rules={[{ required: true }]}>
              <InputNumber min={1} max={730} style={{ width: '100%' }} />
            </Form.Item>
            <Form.Item name="orgUnitId" label={t('unit')}>
              <UnitPicker placeholder={me.orgUnit.name} />
            </Form.Item>
          </div>
          <Button type="primary" htmlType="submit" loading={result.isFetching} data-testid="outcome-run">
            {t('run')}
          </Button>
        </Form>
      </Card>
      {result.error && (
        <Alert type="error" message={result.error instanceof ApiError ? result.error.message : String(result.error)} />
      )}
      {result.data && (
        <Card size="small" data-testid="outcome-result">
          <OutcomeResult result={result.data} />
        </Card>
      )}
    </div>
  );
}
