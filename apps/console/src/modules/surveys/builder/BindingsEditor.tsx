import { Collapse, Form, Input, Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { type Def, ratingQuestions } from './definition.ts';

type Bindings = Record<string, unknown>;

/** The question a binding names: `"q1"` or `{"question":"q1","scale":5}`. */
const questionOf = (v: unknown) =>
  typeof v === 'string' ? v : v && typeof v === 'object' && 'question' in v ? String(v.question) : undefined;

/**
 * Which question feeds NPS, CSAT and CES, and which other ratings count as metrics, chosen by question title; the
 * JSON stays under 高级 for what the pickers do not cover. `value` is the bindings JSON as text (the editor's
 * state), `onChange` gets the new text.
 */
export function BindingsEditor(props: {
  definition: Def | null;
  value: string;
  onChange: (text: string) => void;
  disabled?: boolean;
}) {
  const { t, i18n } = useTranslation('surveys');
  const questions = ratingQuestions(props.definition, i18n.language);
  let parsed: Bindings | null = null;
  try {
    parsed = JSON.parse(props.value || '{}') as Bindings;
  } catch {
    parsed = null;
  }
  const set = (key: string, v: unknown) => {
    if (!parsed) return;
    const next: Bindings = { ...parsed };
    if (v === undefined || (Array.isArray(v) && !v.length)) delete next[key];
    else next[key] = v;
    props.onChange(JSON.stringify(next, null, 2));
  };
  const pick = (metric: 'nps' | 'csat' | 'ces') => (
    <Form.Item label={t(`bindingsFor.${metric}`)} key={metric} style={{ marginBottom: 8 }}>
      <Select
        allowClear
        data-testid={`binding-${metric}`}
        disabled={props.disabled || !parsed}
        placeholder={t('bindingsFor.none')}
        value={parsed ? questionOf(parsed[metric]) : undefined}
        options={questions}
        onChange={(q?: string) => {
          const max = questions.find((x) => x.value === q)?.max;
          // CSAT counts the top two boxes of its scale: the scale travels with the binding.
          set(metric, q && metric === 'csat' && typeof max === 'number' ? { question: q, scale: max } : q);
        }}
      />
    </Form.Item>
  );
  const ratings = parsed && Array.isArray(parsed.ratings) ? (parsed.ratings as string[]) : [];
  return (
    <div data-testid="bindings-editor">
      {pick('nps')}
      {pick('csat')}
      {pick('ces')}
      <Form.Item label={t('bindingsFor.ratings')} style={{ marginBottom: 8 }}>
        <Select
          mode="multiple"
          allowClear
          data-testid="binding-ratings"
          disabled={props.disabled || !parsed}
          value={ratings}
          options={questions}
          onChange={(v: string[]) => set('ratings', v)}
        />
      </Form.Item>
      <Collapse
        size="small"
        ghost
        items={[
          {
            key: 'json',
            label: t('bindingsFor.advanced'),
            forceRender: true,
            children: (
              <Form.Item
                validateStatus={parsed ? undefined : 'error'}
                help={
                  parsed
                    ? '{"nps":"q1","csat":{"question":"q2","scale":5},"ces":"q3","ratings":["q4"]}'
                    : t('jsonError')
                }
                style={{ marginBottom: 0 }}
              >
                <Input.TextArea
                  rows={3}
                  value={props.value}
                  onChange={(e) => props.onChange(e.target.value)}
                  data-testid="bindings"
                  style={{ fontFamily: 'monospace' }}
                  disabled={props.disabled}
                />
              </Form.Item>
            ),
          },
        ]}
      />
    </div>
  );
}
