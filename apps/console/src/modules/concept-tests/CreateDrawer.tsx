import {
  Alert,
  App,
  Button,
  Card,
  Drawer,
  Form,
  Grid,
  Input,
  InputNumber,
  Radio,
  Select,
  Space,
  Tabs,
  Typography,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { formErrors } from '../../lib/api.ts';
import { useProducts } from '../products/api.ts';
import {
  CONFIDENCES,
  questionsOf,
  useConceptTemplates,
  useCreateConceptTest,
  useCreateFromTemplate,
  useSurveyChoices,
  useSurveyDefinition,
} from './api.ts';

const APPROVAL_TYPES = ['rating', 'boolean', 'radiogroup', 'dropdown', 'checkbox', 'tagbox'];
const CHOICE_TYPES = ['radiogroup', 'dropdown', 'checkbox', 'tagbox'];
const SEGMENT_TYPES = ['rating', 'boolean', 'radiogroup', 'dropdown'];

interface GateFields {
  thresholdPct: number;
  minN: number;
  confidence: number;
}

/** Threshold (in %), minimum n and confidence: the gate's settings, shared by both tabs. */
function GateSettings() {
  const { t } = useTranslation('concept');
  return (
    <Space wrap size={12} align="start">
      <Form.Item name="thresholdPct" label={t('threshold')} rules={[{ required: true }]}>
        <InputNumber min={1} max={99} step={1} addonAfter="%" style={{ width: 140 }} data-testid="concept-threshold" />
      </Form.Item>
      <Form.Item name="minN" label={t('minN')} rules={[{ required: true }]}>
        <InputNumber min={1} max={100000} style={{ width: 120 }} />
      </Form.Item>
      <Form.Item name="confidence" label={t('confidence')}>
        <Radio.Group optionType="button" options={CONFIDENCES.map((c) => ({ value: c, label: `${c * 100}%` }))} />
      </Form.Item>
    </Space>
  );
}

/** The catalogue product under test (optional): the test is then listed on the product's page. */
function ProductField() {
  const { t } = useTranslation('concept');
  const products = useProducts({});
  return (
    <Form.Item name="productId" label={t('product')}>
      <Select
        allowClear
        showSearch
        optionFilterProp="label"
        loading={products.isLoading}
        options={(products.data?.items ?? [])
          .filter((p) => p.stage !== 'retired')
          .map((p) => ({ value: p.id, label: `${p.name} (${p.code})` }))}
        data-testid="concept-product"
      />
    </Form.Item>
  );
}

/** Create a test on an existing survey: pick it, its approval question and how an answer approves. */
function FromSurvey({ onDone }: { onDone: (id: string) => void }) {
  const { t } = useTranslation('concept');
  const { message } = App.useApp();
  const [form] = Form.useForm();
  const surveyId = Form.useWatch('surveyId', form) as string | undefined;
  const questionName = Form.useWatch('approvalQuestion', form) as string | undefined;
  const surveys = useSurveyChoices(true);
  const survey = useSurveyDefinition(surveyId);
  const questions = questionsOf(survey.data);
  const question = questions.find((q) => q.name === questionName);
  const create = useCreateConceptTest({
    onSuccess: (c) => onDone(c.id),
    onError: (err) => {
      form.setFields(formErrors(err) as never);
      message.error(err.message);
    },
  });
  const submit = (v: GateFields & Record<string, unknown>) =>
    create.mutate({
      name: v.name as string,
      surveyId: v.surveyId as string,
      approvalQuestion: v.approvalQuestion as string,
      approveAtLeast: question?.type === 'rating' ? (v.approveAtLeast as number | undefined) : undefined,
      approveValues: question && CHOICE_TYPES.includes(question.type) ? (v.approveValues as string[]) : undefined,
      segmentQuestion: (v.segmentQuestion as string | undefined) ?? null,
      productId: (v.productId as string | undefined) ?? null,
      threshold: Math.round(v.thresholdPct * 100) / 10000,
      minN: v.minN,
      confidence: v.confidence as 0.95,
    });
  return (
    <Form
      form={form}
      layout="vertical"
      onFinish={submit}
      initialValues={{ thresholdPct: 60, minN: 100, confidence: 0.95 }}
    >
      <Form.Item name="name" label={t('name')} rules={[{ required: true, max: 120 }]}>
        <Input maxLength={120} data-testid="concept-name" />
      </Form.Item>
      <Form.Item name="surveyId" label={t('survey')} rules={[{ required: true }]}>
        <Select
          showSearch
          optionFilterProp="label"
          loading={surveys.isLoading}
          options={(surveys.data ?? [])
            .filter((s) => s.status !== 'archived')
            .map((s) => ({ value: s.id, label: s.name }))}
          onChange={() => form.setFieldsValue({ approvalQuestion: undefined, segmentQuestion: undefined })}
          data-testid="concept-survey"
        />
      </Form.Item>
      <Form.Item name="approvalQuestion" label={t('approvalQuestion')} rules={[{ required: true }]}>
        <Select
          disabled={!surveyId}
          loading={survey.isLoading}
          options={questions
            .filter((q) => APPROVAL_TYPES.includes(q.type))
            .map((q) => ({ value: q.name, label: `${q.title} (${q.name})` }))}
          onChange={(name: string) => {
            const q = questions.find((x) => x.name === name);
            form.setFieldsValue({
              approveAtLeast: q?.type === 'rating' ? (q.rateMax ?? 5) - 1 : undefined,
              approveValues: [],
            });
          }}
          data-testid="concept-question"
        />
      </Form.Item>
      {question?.type === 'rating' && (
        <Form.Item name="approveAtLeast" label={t('approveAtLeast')}>
          <InputNumber min={question.rateMin ?? 0} max={question.rateMax ?? 10} />
        </Form.Item>
      )}
      {question && CHOICE_TYPES.includes(question.type) && (
        <Form.Item name="approveValues" label={t('approveValues')} rules={[{ required: true }]}>
          <Select mode="multiple" options={question.choices.map((c) => ({ value: c, label: c }))} />
        </Form.Item>
      )}
      {question?.type === 'boolean' && (
        <Alert type="info" showIcon message={t('booleanApproves')} style={{ marginBottom: 12 }} />
      )}
      <Form.Item name="segmentQuestion" label={t('segmentQuestion')}>
        <Select
          allowClear
          disabled={!surveyId}
          options={questions
            .filter((q) => SEGMENT_TYPES.includes(q.type) && q.name !== questionName)
            .map((q) => ({ value: q.name, label: `${q.title} (${q.name})` }))}
        />
      </Form.Item>
      <ProductField />
      <GateSettings />
      <Button type="primary" htmlType="submit" loading={create.isPending} data-testid="concept-save">
        {t('save')}
      </Button>
    </Form>
  );
}

/** Create the survey and the test from a template in one go. */
function FromTemplate({ onDone }: { onDone: (id: string) => void }) {
  const { t, i18n } = useTranslation('concept');
  const { message } = App.useApp();
  const [form] = Form.useForm();
  const templates = useConceptTemplates(true);
  const lang = i18n.language === 'en' ? 'en' : 'zh-CN';
  const create = useCreateFromTemplate({
    onSuccess: (c) => onDone(c.id),
    onError: (err) => {
      form.setFields(formErrors(err) as never);
      message.error(err.message);
    },
  });
  return (
    <Form
      form={form}
      layout="vertical"
      initialValues={{ thresholdPct: 60, minN: 100, confidence: 0.95 }}
      onFinish={(v: GateFields & { templateId: string; name: string; productId?: string }) =>
        create.mutate({
          templateId: v.templateId,
          name: v.name,
          productId: v.productId ?? null,
          threshold: Math.round(v.thresholdPct * 100) / 10000,
          minN: v.minN,
          confidence: v.confidence,
        })
      }
    >
      <Form.Item name="templateId" label={t('template')} rules={[{ required: true }]}>
        <Radio.Group style={{ width: '100%' }}>
          <Space direction="vertical" style={{ width: '100%' }}>
            {(templates.data ?? []).map((tpl) => (
              <Radio key={tpl.id} value={tpl.id} onChange={() => form.setFieldsValue({ minN: tpl.minN })}>
                <Card size="small" style={{ width: '100%' }}>
                  <Typography.Text strong>{tpl.name[lang]}</Typography.Text>{' '}
                  <Typography.Text type="secondary">· {t('questionsN', { n: tpl.questions })}</Typography.Text>
                  <div>
                    <Typography.Text type="secondary">{tpl.description[lang]}</Typography.Text>
                  </div>
                </Card>
              </Radio>
            ))}
          </Space>
        </Radio.Group>
      </Form.Item>
      <Form.Item name="name" label={t('subject')} rules={[{ required: true, max: 100 }]}>
        <Input maxLength={100} data-testid="concept-subject" />
      </Form.Item>
      <ProductField />
      <GateSettings />
      <Typography.Paragraph type="secondary">{t('templateHelp')}</Typography.Paragraph>
      <Button type="primary" htmlType="submit" loading={create.isPending} data-testid="concept-save-template">
        {t('save')}
      </Button>
    </Form>
  );
}

/** The create drawer: from a survey or from a template; opens the new test's page. */
export function CreateDrawer({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useTranslation('concept');
  const phone = !Grid.useBreakpoint().md;
  const navigate = useNavigate();
  const [tab, setTab] = useState('survey');
  const done = (id: string) => {
    onClose();
    navigate(`/concept-tests/${id}`);
  };
  return (
    <Drawer open={open} onClose={onClose} width={phone ? '100%' : 640} title={t('create')} destroyOnClose>
      <Tabs
        activeKey={tab}
        onChange={setTab}
        items={[
          { key: 'survey', label: t('fromSurvey'), children: <FromSurvey onDone={done} /> },
          { key: 'template', label: t('fromTemplate'), children: <FromTemplate onDone={done} /> },
        ]}
      />
    </Drawer>
  );
}
