import { answerLines } from '@loopcx/shared';
import { Descriptions } from 'antd';
import { useTranslation } from 'react-i18next';
import { uiLang } from '../../lib/locale.ts';

/**
 * A response's answers as "question title: answer label" rows in survey order, in the console language (the ticket
 * page and the response drawer show it; never keys or JSON when the survey has titles and labels).
 */
export function AnswerList({ definition, answers }: { definition: unknown; answers: Record<string, unknown> }) {
  const { i18n } = useTranslation();
  const lines = answerLines(definition, answers, uiLang(i18n.language));
  return (
    <Descriptions column={1} size="small" data-testid="answer-list">
      {lines.map((l) => (
        <Descriptions.Item key={l.key} label={l.title}>
          <span style={{ whiteSpace: 'pre-wrap' }}>{l.text}</span>
        </Descriptions.Item>
      ))}
    </Descriptions>
  );
}
