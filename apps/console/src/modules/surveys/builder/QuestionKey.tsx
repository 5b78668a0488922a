import { questionKeyProblem } from '@loopcx/shared';
import { Form, Input } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';

/**
 * A question's key, under "advanced": generated (`q1`, `q2`, …) when the question is added, editable here. What is
 * typed stays in the field with a message until it is a valid, unique key; only then does the survey change, so a
 * key is never silently altered (this field once dropped Chinese characters as they were typed).
 */
export function QuestionKey({
  value,
  otherKeys,
  disabled,
  onChange,
}: {
  value: string;
  otherKeys: string[];
  disabled?: boolean;
  onChange: (key: string) => void;
}) {
  const { t } = useTranslation('surveys');
  const [draft, setDraft] = useState(value);
  useEffect(() => setDraft(value), [value]);
  const problem = draft === value ? null : questionKeyProblem(draft, otherKeys);
  return (
    <Form.Item
      label={t('key.label')}
      validateStatus={problem ? 'error' : undefined}
      help={problem ? t(`problems.${problem}`, { name: draft }) : t('key.help')}
      style={{ marginBottom: 8 }}
    >
      <Input
        value={draft}
        disabled={disabled}
        data-testid="question-key"
        style={{ fontFamily: 'monospace', maxWidth: 240 }}
        onChange={(e) => {
          const next = e.target.value.trim();
          setDraft(next);
          if (!questionKeyProblem(next, otherKeys)) onChange(next);
        }}
      />
    </Form.Item>
  );
}
