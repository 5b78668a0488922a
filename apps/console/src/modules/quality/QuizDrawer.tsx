import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import {
  Alert,
  App,
  Button,
  Card,
  Checkbox,
  Col,
  Drawer,
  Form,
  Grid,
  Input,
  InputNumber,
  Row,
  Select,
  Space,
} from 'antd';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { formErrors } from '../../lib/api.ts';
import { useChecklists } from './api.ts';
import { itemText } from './present.tsx';
import { QUESTION_TYPES, type Quiz, type QuizInput, useSaveQuiz } from './training-api.ts';

type QType = (typeof QUESTION_TYPES)[number];
interface ChoiceRow {
  value: string;
  text: string;
  textEn?: string;
  correct?: boolean;
}
interface QuestionRow {
  code: string;
  type: QType;
  text: string;
  textEn?: string;
  points: number;
  choices: ChoiceRow[];
  /** The correct value of a true/false question. */
  truth?: 'true' | 'false';
}
interface FormValues {
  name: string;
  nameEn?: string;
  description?: string;
  passMark: number;
  maxAttempts: number;
  checklistId?: string;
  itemCodes: string[];
  questions: QuestionRow[];
}

const blankQuestion = (n: number): QuestionRow => ({
  code: `Q${n}`,
  type: 'single',
  text: '',
  points: 1,
  choices: [
    { value: 'a', text: '', correct: true },
    { value: 'b', text: '' },
  ],
});

const toForm = (q: Quiz): FormValues => ({
  name: q.name,
  nameEn: q.nameEn ?? undefined,
  description: q.description ?? undefined,
  passMark: q.passMark,
  maxAttempts: q.maxAttempts,
  checklistId: q.checklistId ?? undefined,
  itemCodes: q.itemCodes,
  questions: q.questions.map((x) => ({
    code: x.code,
    type: x.type,
    text: x.text,
    textEn: x.textEn ?? undefined,
    points: x.points,
    choices:
      x.type === 'true_false'
        ? []
        : x.choices.map((c) => ({
            value: c.value,
            text: c.text,
            textEn: c.textEn ?? undefined,
            correct: x.correct.includes(c.value),
          })),
    truth: x.type === 'true_false' ? (x.correct[0] as 'true' | 'false') : undefined,
  })),
});

/**
 * The form as the contract wants it: ticked choices become `correct`, empty optional strings are left out; no
 * checklist is left out of a new quiz and `null` (unlink) on an edited one.
 */
const toBody = (v: FormValues, editing: boolean): QuizInput => ({
  name: v.name,
  ...(v.nameEn?.trim() ? { nameEn: v.nameEn } : {}),
  ...(v.description?.trim() ? { description: v.description } : {}),
  passMark: v.passMark,
  maxAttempts: v.maxAttempts,
  ...(v.checklistId ? { checklistId: v.checklistId } : editing ? { checklistId: null } : {}),
  itemCodes: v.checklistId ? (v.itemCodes ?? []) : [],
  questions: v.questions.map((q) => ({
    code: q.code.trim(),
    type: q.type,
    text: q.text,
    ...(q.textEn?.trim() ? { textEn: q.textEn } : {}),
    points: q.points,
    choices:
      q.type === 'true_false'
        ? []
        : q.choices.map((c) => ({
            value: c.value.trim(),
            text: c.text,
            ...(c.textEn?.trim() ? { textEn: c.textEn } : {}),
          })),
    correct:
      q.type === 'true_false' ? [q.truth ?? 'true'] : q.choices.filter((c) => c.correct).map((c) => c.value.trim()),
  })),
});

/** One question's card: code, type, points, wording and its choices with the correct ones ticked. */
function QuestionCard({ name, n, onRemove }: { name: number; n: number; onRemove?: () => void }) {
  const { t } = useTranslation('quality');
  const form = Form.useFormInstance<FormValues>();
  const type = Form.useWatch(['questions', name, 'type'], form) as QType | undefined;
  return (
    <Card
      size="small"
      data-testid="quiz-question"
      title={t('training.questionN', { n })}
      extra={
        onRemove && (
          <Button
            size="small"
            type="text"
            icon={<DeleteOutlined />}
            aria-label={t('training.removeQuestion')}
            onClick={onRemove}
          />
        )
      }
      styles={{ body: { paddingBottom: 0 } }}
    >
      <Row gutter={8}>
        <Col xs={8} md={4}>
          <Form.Item
            name={[name, 'code']}
            label={t('training.code')}
            rules={[{ required: true, pattern: /^[A-Za-z0-9][A-Za-z0-9_.-]{0,39}$/ }]}
          >
            <Input />
          </Form.Item>
        </Col>
        <Col xs={10} md={6}>
          <Form.Item name={[name, 'type']} label={t('training.type')}>
            <Select options={QUESTION_TYPES.map((x) => ({ value: x, label: t(`training.types.${x}`) }))} />
          </Form.Item>
        </Col>
        <Col xs={6} md={4}>
          <Form.Item name={[name, 'points']} label={t('training.points')} rules={[{ required: true }]}>
            <InputNumber min={1} max={100} style={{ width: '100%' }} />
          </Form.Item>
        </Col>
        <Col xs={24} md={10}>
          <Form.Item name={[name, 'text']} label={t('training.text')} rules={[{ required: true, max: 500 }]}>
            <Input.TextArea autoSize={{ minRows: 1, maxRows: 3 }} />
          </Form.Item>
        </Col>
        <Col xs={24}>
          <Form.Item name={[name, 'textEn']} label={t('training.textEn')} rules={[{ max: 500 }]}>
            <Input />
          </Form.Item>
        </Col>
      </Row>
      {type === 'true_false' ? (
        <Form.Item name={[name, 'truth']} label={t('training.correct')} initialValue="true">
          <Select
            style={{ maxWidth: 160 }}
            options={(['true', 'false'] as const).map((v) => ({ value: v, label: t(`training.trueFalse.${v}`) }))}
          />
        </Form.Item>
      ) : (
        <Form.List name={[name, 'choices']}>
          {(fields, { add, remove }) => (
            <Form.Item label={t('training.choices')}>
              <Space direction="vertical" size={4} style={{ width: '100%' }}>
                {fields.map((f) => (
                  <Space key={f.key} align="start" wrap style={{ width: '100%' }}>
                    <Form.Item name={[f.name, 'correct']} valuePropName="checked" noStyle>
                      <Checkbox aria-label={t('training.correct')} data-testid="choice-correct" />
                    </Form.Item>
                    <Form.Item name={[f.name, 'value']} noStyle rules={[{ required: true }]}>
                      <Input style={{ width: 56 }} aria-label={t('training.choiceValue')} />
                    </Form.Item>
                    <Form.Item name={[f.name, 'text']} noStyle rules={[{ required: true, max: 500 }]}>
                      <Input style={{ width: 220 }} placeholder={t('training.choiceText')} data-testid="choice-text" />
                    </Form.Item>
                    {fields.length > 2 && (
                      <Button type="text" icon={<DeleteOutlined />} onClick={() => remove(f.name)} />
                    )}
                  </Space>
                ))}
                {fields.length < 10 && (
                  <Button
                    size="small"
                    icon={<PlusOutlined />}
                    onClick={() => add({ value: String.fromCharCode(97 + fields.length), text: '' })}
                  >
                    {t('training.addChoice')}
                  </Button>
                )}
              </Space>
            </Form.Item>
          )}
        </Form.List>
      )}
    </Card>
  );
}

/** Creates or edits a quiz: name, pass mark, attempts, the checklist items it trains, its questions. */
export function QuizDrawer({ quiz, onClose }: { quiz: Quiz | 'new' | null; onClose: () => void }) {
  const { t, i18n } = useTranslation('quality');
  const { message } = App.useApp();
  const phone = !Grid.useBreakpoint().md;
  const [form] = Form.useForm<FormValues>();
  const checklists = useChecklists();
  const checklistId = Form.useWatch('checklistId', form);
  const items = checklists.data?.find((c) => c.id === checklistId)?.items ?? [];
  useEffect(() => {
    if (!quiz) return;
    form.resetFields();
    form.setFieldsValue(
      quiz === 'new'
        ? { name: '', passMark: 80, maxAttempts: 3, itemCodes: [], questions: [blankQuestion(1)] }
        : toForm(quiz),
    );
  }, [quiz, form]);
  const save = useSaveQuiz({
    onSuccess: () => {
      message.success(t('core:common.saved'));
      onClose();
    },
    onError: (err) => {
      form.setFields(formErrors(err) as never);
      message.error(err.message);
    },
  });
  const editing = quiz && quiz !== 'new' ? quiz : null;
  return (
    <Drawer
      open={!!quiz}
      onClose={onClose}
      width={phone ? '100%' : 880}
      title={editing ? t('training.editQuiz', { name: editing.name }) : t('training.newQuiz')}
      forceRender
      extra={
        <Button type="primary" loading={save.isPending} onClick={() => form.submit()} data-testid="quiz-save">
          {t('core:common.save')}
        </Button>
      }
    >
      {editing && editing.assignmentCount > 0 && (
        <Alert type="info" showIcon style={{ marginBottom: 12 }} message={t('training.versionNote')} />
      )}
      <Form<FormValues>
        form={form}
        layout="vertical"
        onFinish={(v) => save.mutate({ id: editing?.id, body: toBody(v, !!editing) })}
      >
        <Row gutter={8}>
          <Col xs={24} md={12}>
            <Form.Item name="name" label={t('training.name')} rules={[{ required: true, max: 120 }]}>
              <Input data-testid="quiz-name" />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="nameEn" label={t('training.nameEn')} rules={[{ max: 120 }]}>
              <Input />
            </Form.Item>
          </Col>
          <Col xs={24}>
            <Form.Item name="description" label={t('training.description')} rules={[{ max: 2000 }]}>
              <Input.TextArea autoSize={{ minRows: 1, maxRows: 4 }} />
            </Form.Item>
          </Col>
          <Col xs={12} md={6}>
            <Form.Item name="passMark" label={t('training.passMark')} rules={[{ required: true }]}>
              <InputNumber min={1} max={100} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col xs={12} md={6}>
            <Form.Item name="maxAttempts" label={t('training.maxAttempts')} rules={[{ required: true }]}>
              <InputNumber min={1} max={20} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="checklistId" label={t('training.checklist')}>
              <Select
                allowClear
                loading={checklists.isLoading}
                onChange={() => form.setFieldValue('itemCodes', [])}
                options={(checklists.data ?? []).map((c) => ({ value: c.id, label: c.name }))}
              />
            </Form.Item>
          </Col>
        </Row>
        {checklistId && (
          <Form.Item name="itemCodes" label={t('training.items')} extra={t('training.itemsHelp')}>
            <Select
              mode="multiple"
              data-testid="quiz-items"
              options={items.map((i) => ({ value: i.code, label: `${i.code} ${itemText(i, i18n.language)}` }))}
            />
          </Form.Item>
        )}
        <Form.List name="questions">
          {(fields, { add, remove }) => (
            <Space direction="vertical" style={{ width: '100%' }} size={8}>
              {fields.map((f, n) => (
                <QuestionCard
                  key={f.key}
                  name={f.name}
                  n={n + 1}
                  onRemove={fields.length > 1 ? () => remove(f.name) : undefined}
                />
              ))}
              <Button icon={<PlusOutlined />} onClick={() => add(blankQuestion(fields.length + 1))} block>
                {t('training.addQuestion')}
              </Button>
            </Space>
          )}
        </Form.List>
      </Form>
    </Drawer>
  );
}
