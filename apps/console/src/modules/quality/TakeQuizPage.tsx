import { ArrowLeftOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Checkbox, Radio, Result, Space, Spin, Tag, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { percentText } from './present.tsx';
import { TrainingStatusTag } from './TrainingStatusTag.tsx';
import { type AssignmentDetail, type Attempt, useAssignment, useSubmitAttempt } from './training-api.ts';

type Question = AssignmentDetail['quiz']['questions'][number];
const text = (x: { text: string; textEn: string | null }, lang: string) =>
  lang === 'en' && x.textEn ? x.textEn : x.text;

/** One question on its own card: radio buttons (single, true/false) or check boxes (multiple); marked once graded. */
function QuestionCard(props: {
  q: Question;
  n: number;
  total: number;
  value: string[];
  onChange: (v: string[]) => void;
  wrong: boolean;
  correct: string[] | undefined;
  disabled: boolean;
}) {
  const { q, n, total, value, onChange, wrong, correct, disabled } = props;
  const { t, i18n } = useTranslation('quality');
  const options = q.choices.map((c) => ({ value: c.value, label: text(c, i18n.language) }));
  const vertical = { display: 'flex', flexDirection: 'column' as const, gap: 8 };
  return (
    <Card
      size="small"
      data-testid={`question-${q.code}`}
      style={{ borderColor: wrong ? '#ff4d4f' : undefined }}
      title={
        <Space size={4} wrap>
          <Typography.Text type="secondary">{t('training.my.question', { n, total })}</Typography.Text>
          <Tag>{t(`training.types.${q.type}`)}</Tag>
          {wrong && <Tag color="red">{t('training.my.wrongTag')}</Tag>}
        </Space>
      }
    >
      <Typography.Paragraph style={{ wordBreak: 'break-word' }}>{text(q, i18n.language)}</Typography.Paragraph>
      {q.type === 'multiple' ? (
        <Checkbox.Group
          style={vertical}
          value={value}
          onChange={(v) => onChange(v as string[])}
          options={options}
          disabled={disabled}
        />
      ) : (
        <Radio.Group
          style={vertical}
          value={value[0]}
          onChange={(e) => onChange([e.target.value])}
          options={options}
          disabled={disabled}
        />
      )}
      {correct && (
        <Typography.Paragraph type="success" style={{ marginTop: 8, marginBottom: 0 }} data-testid="correct-answer">
          {t('training.my.answer', {
            answer: correct.map((v) => options.find((o) => o.value === v)?.label ?? v).join('、'),
          })}
        </Typography.Paragraph>
      )}
    </Card>
  );
}

/** Takes a quiz: every question on a card, submit, the score; a retake clears the answers; answers once done. */
export function TakeQuizPage() {
  const { id = '' } = useParams();
  const { t, i18n } = useTranslation('quality');
  const { message } = App.useApp();
  const detail = useAssignment(id);
  const [answers, setAnswers] = useState<Record<string, string[]>>({});
  const [last, setLast] = useState<Attempt | null>(null);
  // One key per try: a double tap or a retried request answers the stored attempt instead of a second one.
  const [key, setKey] = useState(() => crypto.randomUUID());
  const submit = useSubmitAttempt(id, {
    onSuccess: (a) => {
      setLast(a);
      window.scrollTo({ top: 0 });
    },
    onError: (err) => message.error(err.message),
  });
  const d = detail.data;
  const questions = d?.quiz.questions ?? [];
  const unanswered = useMemo(() => questions.filter((q) => !answers[q.code]?.length).length, [questions, answers]);
  if (detail.isLoading) return <Spin />;
  if (detail.error || !d) return <Alert type="error" showIcon message={(detail.error as Error)?.message} />;
  const a = last?.assignment ?? d.assignment;
  const correct = last?.correct ?? d.correct;
  const done = a.status === 'passed' || a.status === 'failed';
  const graded = last && !last.replay ? last : null;
  const wrong = new Set(graded?.wrong ?? []);
  const retake = () => {
    setLast(null);
    setAnswers({});
    setKey(crypto.randomUUID());
  };
  return (
    <div style={{ maxWidth: 720 }}>
      <div>
        <Link to="/training">
          <ArrowLeftOutlined /> {t('training.my.back')}
        </Link>
      </div>
      <Space wrap style={{ margin: '8px 0' }}>
        <Typography.Title level={4} style={{ margin: 0 }}>
          {i18n.language === 'en' && d.quiz.nameEn ? d.quiz.nameEn : d.quiz.name}
        </Typography.Title>
        <TrainingStatusTag status={a.status} />
      </Space>
      <Typography.Paragraph type="secondary">
        {[
          d.quiz.description,
          t('training.my.passMark', { n: d.quiz.passMark }),
          !done ? t('training.my.attemptsLeft', { n: a.maxAttempts - a.attempts }) : null,
        ]
          .filter(Boolean)
          .join(' · ')}
      </Typography.Paragraph>
      {graded && (
        <Result
          status={graded.passed ? 'success' : 'warning'}
          style={{ padding: '12px 0' }}
          title={<span data-testid="attempt-score">{t('training.my.score', { score: graded.score.toFixed(0) })}</span>}
          subTitle={
            graded.passed
              ? t('training.my.passed')
              : [
                  t('training.my.failed', { mark: d.quiz.passMark }),
                  t('training.my.wrong', { n: graded.wrong.length }),
                  done ? t('training.my.noMore') : '',
                ]
                  .filter(Boolean)
                  .join(' · ')
          }
          extra={
            !graded.passed &&
            !done && (
              <Button type="primary" onClick={retake} data-testid="retake">
                {t('training.my.retake')}
              </Button>
            )
          }
        />
      )}
      {!graded && d.attempts.length > 0 && (
        <Card size="small" title={t('training.my.history')} style={{ marginBottom: 8 }}>
          {d.attempts.map((x) => (
            <div key={x.number}>{t('training.my.attemptN', { n: x.number, score: percentText(x.score) })}</div>
          ))}
        </Card>
      )}
      <Space direction="vertical" size={8} style={{ width: '100%' }}>
        {questions.map((q, i) => (
          <QuestionCard
            key={q.code}
            q={q}
            n={i + 1}
            total={questions.length}
            value={answers[q.code] ?? []}
            onChange={(v) => setAnswers((s) => ({ ...s, [q.code]: v }))}
            wrong={wrong.has(q.code)}
            correct={correct?.[q.code]}
            disabled={done || !!graded}
          />
        ))}
      </Space>
      {!done && !graded && (
        <Space direction="vertical" style={{ width: '100%', marginTop: 12 }}>
          {unanswered > 0 && (
            <Typography.Text type="secondary">{t('training.my.unanswered', { n: unanswered })}</Typography.Text>
          )}
          <Button
            type="primary"
            block
            size="large"
            disabled={unanswered > 0}
            loading={submit.isPending}
            data-testid="submit-attempt"
            onClick={() =>
              submit.mutate({
                idempotencyKey: key,
                answers: questions.map((q) => ({ code: q.code, values: answers[q.code] ?? [] })),
              })
            }
          >
            {t('training.my.submit')}
          </Button>
        </Space>
      )}
    </div>
  );
}
