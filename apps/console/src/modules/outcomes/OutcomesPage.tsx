import type { TOutcomeTile } from '@loopcx/shared';
import { Alert, Button, Card, Form, InputNumber, Select, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { UnitPicker } from '../../components/UnitPicker.tsx';
import { ApiError } from '../../lib/api.ts';
import { useMe } from '../../lib/me.tsx';
import { useEventTypes } from '../events/api.ts';
import { useSurvey, useSurveys } from '../surveys/api.ts';
import { type Def, ratingQuestions } from '../surveys/builder/definition.ts';
import { AddToDashboard } from './AddToDashboard.tsx';
import { type OutcomeAsk, useOutcomes } from './api.ts';
import { OutcomeResult } from './OutcomeResult.tsx';

/** The dashboard tile of a question: its settings without the unit (the dashboard's unit applies). */
const tileOf = ({ orgUnitId: _unit, from: _from, to: _to, ...tile }: OutcomeAsk): TOutcomeTile => tile;

interface FormValues {
  surveyId?: string;
  metric: string;
  outcomeEventType: string;
  outcome: 'occurs' | 'absent';
  withinDays: number;
  orgUnitId?: string;
}

/**
 * "Does experience predict behaviour? / 体验能否预测行为": the X → O form (survey, metric, outcome event, occurs or
 * absent, window, unit) and its answer — rates by score group with intervals, the lift and the verdict (decision 78).
 * With a survey chosen, its bound rating questions (`bindings.ratings`) are metrics too (`rating:<question>`).
 */
export function OutcomesPage() {
  const { t, i18n } = useTranslation('outcomes');
  const me = useMe();
  const types = useEventTypes();
  const surveys = useSurveys();
  const [form] = Form.useForm<FormValues>();
  const surveyId = Form.useWatch('surveyId', form);
  const survey = useSurvey(surveyId);
  const [ask, setAsk] = useState<OutcomeAsk | undefined>();
  const result = useOutcomes(ask);
  const bound = new Set((survey.data?.bindings.ratings as string[] | undefined) ?? []);
  const ratings = surveyId
    ? ratingQuestions((survey.data?.definition as Def | undefined) ?? null, i18n.language).filter((q) =>
        bound.has(q.value),
      )
    : [];
  const metrics = [
    ...['nps', 'csat', 'ces'].map((m) => ({ value: m, label: m.toUpperCase() })),
    ...ratings.map((q) => ({ value: `rating:${q.value}`, label: q.label })),
  ];
  const submit = (v: FormValues) =>
    setAsk({
      ...(v.surveyId ? { surveyId: v.surveyId } : {}),
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
          form={form}
          layout="vertical"
          initialValues={{ metric: 'nps', outcomeEventType: 'order.completed', outcome: 'occurs', withinDays: 30 }}
          onFinish={submit}
          onValuesChange={(changed: Partial<FormValues>) => {
            // A rating question belongs to one survey: another survey (or all) falls back to NPS.
            if ('surveyId' in changed && form.getFieldValue('metric')?.startsWith('rating:'))
              form.setFieldValue('metric', 'nps');
          }}
          data-testid="outcome-form"
        >
          <div style={{ display: 'grid', gridTemplateColumns: 'repeat(auto-fit, minmax(160px, 1fr))', gap: '0 12px' }}>
            <Form.Item name="surveyId" label={t('survey')}>
              <Select
                allowClear
                showSearch
                optionFilterProp="label"
                placeholder={t('allSurveys')}
                loading={surveys.isLoading}
                options={(surveys.data ?? []).map((s) => ({ value: s.id, label: s.name }))}
                data-testid="outcome-survey"
              />
            </Form.Item>
            <Form.Item name="metric" label={t('metric')} rules={[{ required: true }]}>
              <Select options={metrics} loading={!!surveyId && survey.isLoading} data-testid="outcome-metric" />
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
        <Card
          size="small"
          data-testid="outcome-result"
          actions={ask && me.can('dashboards.write') ? [<AddToDashboard key="add" tile={tileOf(ask)} />] : undefined}
        >
          <OutcomeResult result={result.data} />
        </Card>
      )}
    </div>
  );
}
