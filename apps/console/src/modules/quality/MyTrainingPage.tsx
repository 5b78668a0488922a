import { Button, Card, Empty, List, Space, Spin, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { useTenantTime } from '../../lib/time.ts';
import { percentText } from './present.tsx';
import { TrainingStatusTag } from './TrainingStatusTag.tsx';
import { type Assignment, useMyTraining } from './training-api.ts';

/** The action an assignment offers its taker: start, retake after a failed attempt, or see the result. */
function actionOf(a: Assignment): 'start' | 'retake' | 'review' {
  if (a.status === 'passed' || a.status === 'failed') return 'review';
  return a.attempts > 0 ? 'retake' : 'start';
}

/** "My training": every user's own assignments, open and overdue first, one card each (phone first). */
export function MyTrainingPage() {
  const { t, i18n } = useTranslation('quality');
  const time = useTenantTime();
  const navigate = useNavigate();
  const mine = useMyTraining();
  return (
    <div style={{ maxWidth: 720 }}>
      <Typography.Title level={4}>{t('training.my.title')}</Typography.Title>
      {mine.isLoading && <Spin />}
      {mine.data?.length === 0 && <Empty description={t('training.my.empty')} />}
      <List
        dataSource={mine.data ?? []}
        split={false}
        renderItem={(a) => {
          const action = actionOf(a);
          return (
            <Card size="small" style={{ marginBottom: 8 }} data-testid="my-assignment">
              <Space direction="vertical" size={4} style={{ width: '100%' }}>
                <Space wrap>
                  <Typography.Text strong>
                    {i18n.language === 'en' && a.quizNameEn ? a.quizNameEn : a.quizName}
                  </Typography.Text>
                  <TrainingStatusTag status={a.status} />
                </Space>
                <Typography.Text type="secondary">
                  {[
                    a.dueAt ? t('training.my.dueOn', { date: time.date(a.dueAt) }) : null,
                    t('training.my.passMark', { n: a.passMark }),
                    action !== 'review' ? t('training.my.attemptsLeft', { n: a.maxAttempts - a.attempts }) : null,
                    a.bestScore !== null ? `${t('training.bestScore')} ${percentText(a.bestScore)}` : null,
                  ]
                    .filter(Boolean)
                    .join(' · ')}
                </Typography.Text>
                <Button
                  type={action === 'review' ? 'default' : 'primary'}
                  block
                  onClick={() => navigate(`/training/${a.id}`)}
                  data-testid={`my-${action}`}
                >
                  {t(`training.my.${action}`)}
                </Button>
              </Space>
            </Card>
          );
        }}
      />
    </div>
  );
}
