import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import {
  BUILDER_OPS,
  buildExpression,
  localText,
  parseExpression,
  questionTitle,
  SENTIMENTS,
  type SurveyQuestion,
  surveyQuestions,
  type TConditionGroup,
  type TConditionRow,
  TEXT_TRIAGE,
} from '@loopcx/shared';
import { Alert, Button, Input, InputNumber, Radio, Segmented, Select, Space } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { enumLabel } from '../../lib/enums.ts';
import { uiLang } from '../../lib/locale.ts';
import { useSurvey, useSurveys } from '../surveys/api.ts';

const SCORES = ['nps', 'csat', 'ces'];
const NUMERIC_OPS = ['=', '!=', '<', '<=', '>', '>='];

/**
 * The condition of a response alert rule as rows (question or metric, operator, value; AND/OR), with the SurveyJS
 * expression as the advanced view. A form control: `value` is the expression. The rows offer the chosen survey's
 * questions by title and their choices by label; an expression the builder cannot show as rows (parentheses, mixed
 * AND/OR, functions) opens in the advanced view and stays as written.
 */
export function ConditionBuilder({ value = '', onChange }: { value?: string; onChange?: (v: string) => void }) {
  const { t, i18n } = useTranslation('rules');
  const lang = uiLang(i18n.language);
  const parsed = parseExpression(value);
  const [mode, setMode] = useState<'builder' | 'advanced'>(parsed || !value ? 'builder' : 'advanced');
  const [surveyId, setSurveyId] = useState<string>();
  const surveys = useSurveys();
  const survey = useSurvey(surveyId);
  const questions = surveyId ? surveyQuestions(survey.data?.definition) : [];
  const group: TConditionGroup = parsed ?? { join: 'and', rows: [{ field: 'nps', op: '<=', value: 6 }] };
  const set = (g: TConditionGroup) => onChange?.(buildExpression(g));
  const setRow = (i: number, r: Partial<TConditionRow>) =>
    set({ ...group, rows: group.rows.map((x, j) => (j === i ? { ...x, ...r } : x)) });

  const fieldOptions = [
    { label: t('builder.metrics'), options: SCORES.map((s) => ({ value: s, label: s.toUpperCase() })) },
    {
      label: t('builder.text'),
      options: [
        { value: 'sentiment', label: t('builder.sentiment') },
        { value: 'triage', label: t('fb.triage') },
        { value: 'comment', label: t('builder.comment') },
      ],
    },
    ...(questions.length
      ? [
          {
            label: t('builder.questions'),
            options: questions
              .filter((q) => !SCORES.includes(q.name))
              .map((q) => ({ value: q.name, label: questionTitle(q, lang) })),
          },
        ]
      : []),
  ];
  const questionOf = (field: string): SurveyQuestion | undefined => questions.find((q) => q.name === field);

  const valueInput = (r: TConditionRow, i: number) => {
    if (r.op === 'empty' || r.op === 'notempty') return null;
    const q = questionOf(r.field);
    const choices =
      r.field === 'sentiment'
        ? SENTIMENTS.map((s) => ({ value: s, label: enumLabel('sentiment', s, i18n.language) }))
        : r.field === 'triage'
          ? TEXT_TRIAGE.map((s) => ({ value: s, label: t(`fb.triageClass.${s}`) }))
          : q?.type === 'boolean'
            ? [
                { value: 'true', label: t('builder.yes') },
                { value: 'false', label: t('builder.no') },
              ]
            : q?.choices.map((c) => ({ value: c.value, label: localText(c.text, lang) ?? c.value }));
    if (choices?.length)
      return (
        <Select
          style={{ minWidth: 160 }}
          mode={r.op === 'anyof' ? 'multiple' : undefined}
          value={
            r.op === 'anyof' ? (Array.isArray(r.value) ? r.value : r.value === undefined ? [] : [r.value]) : r.value
          }
          onChange={(v) => setRow(i, { value: v })}
          options={choices}
          data-testid={`cond-value-${i}`}
        />
      );
    const numeric = SCORES.includes(r.field) || q?.type === 'rating' || NUMERIC_OPS.slice(2).includes(r.op);
    return numeric ? (
      <InputNumber
        value={typeof r.value === 'number' ? r.value : Number(r.value) || 0}
        onChange={(v) => setRow(i, { value: v ?? 0 })}
        data-testid={`cond-value-${i}`}
      />
    ) : (
      <Input
        style={{ width: 160 }}
        value={String(r.value ?? '')}
        onChange={(e) => setRow(i, { value: e.target.value })}
        data-testid={`cond-value-${i}`}
      />
    );
  };

  return (
    <div data-testid="condition-builder">
      <Space style={{ marginBottom: 8 }} wrap>
        <Segmented
          value={mode}
          onChange={(m) => setMode(m as 'builder' | 'advanced')}
          options={[
            { value: 'builder', label: t('builder.builder'), disabled: !parsed && !!value },
            { value: 'advanced', label: t('builder.advanced') },
          ]}
        />
        {mode === 'builder' && (
          <Select
            allowClear
            style={{ width: 220 }}
            placeholder={t('builder.survey')}
            value={surveyId}
            onChange={setSurveyId}
            options={(surveys.data ?? []).map((s) => ({ value: s.id, label: s.name }))}
          />
        )}
      </Space>
      {mode === 'advanced' || !parsed ? (
        <>
          {!parsed && value && (
            <Alert type="info" showIcon message={t('builder.notRows')} style={{ marginBottom: 8 }} />
          )}
          <Input.TextArea
            rows={2}
            style={{ fontFamily: 'monospace' }}
            value={value}
            onChange={(e) => onChange?.(e.target.value)}
            data-testid="cond-expression"
          />
        </>
      ) : (
        <Space direction="vertical" style={{ width: '100%' }}>
          {group.rows.length > 1 && (
            <Radio.Group
              value={group.join}
              onChange={(e) => set({ ...group, join: e.target.value })}
              options={[
                { value: 'and', label: t('builder.all') },
                { value: 'or', label: t('builder.any') },
              ]}
            />
          )}
          {group.rows.map((r, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: rows have no identity but their position
            <Space key={i} wrap>
              <Select
                style={{ width: 220 }}
                showSearch
                optionFilterProp="label"
                value={r.field}
                onChange={(field) => setRow(i, { field, value: undefined })}
                options={
                  fieldOptions.some((g) => g.options.some((o) => o.value === r.field))
                    ? fieldOptions
                    : [...fieldOptions, { label: t('builder.other'), options: [{ value: r.field, label: r.field }] }]
                }
                data-testid={`cond-field-${i}`}
              />
              <Select
                style={{ width: 130 }}
                value={r.op}
                onChange={(op) => setRow(i, { op })}
                options={BUILDER_OPS.map((op) => ({ value: op, label: t(`builder.op.${op}`) }))}
                data-testid={`cond-op-${i}`}
              />
              {valueInput(r, i)}
              <Button
                icon={<DeleteOutlined />}
                aria-label={t('builder.remove')}
                disabled={group.rows.length === 1}
                onClick={() => set({ ...group, rows: group.rows.filter((_, j) => j !== i) })}
              />
            </Space>
          ))}
          <Button
            icon={<PlusOutlined />}
            onClick={() => set({ ...group, rows: [...group.rows, { field: 'csat', op: '<=', value: 2 }] })}
          >
            {t('builder.add')}
          </Button>
          <Input value={value} readOnly size="small" style={{ fontFamily: 'monospace' }} aria-label="expression" />
        </Space>
      )}
    </div>
  );
}

/** A rule's condition in words ("NPS 小于等于 6 或 CSAT 小于等于 2"); the expression itself when outside the builder. */
export function ConditionText({ expression }: { expression: string }) {
  const { t } = useTranslation('rules');
  const g = parseExpression(expression);
  if (!g) return <code>{expression}</code>;
  const name = (f: string) =>
    SCORES.includes(f)
      ? f.toUpperCase()
      : f === 'sentiment'
        ? t('builder.sentiment')
        : f === 'triage'
          ? t('fb.triage')
          : f === 'comment'
            ? t('builder.comment')
            : f;
  const val = (v: TConditionRow['value']) => (Array.isArray(v) ? v.join(' / ') : String(v ?? ''));
  return (
    <span title={expression}>
      {g.rows
        .map((r) => `${name(r.field)} ${t(`builder.op.${r.op}`)} ${val(r.value)}`.trim())
        .join(g.join === 'and' ? t('builder.andWord') : t('builder.orWord'))}
    </span>
  );
}
