import { Alert, Button, Card, Empty, List, Space, Spin, Tag, Typography } from 'antd';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { DetailDrawer } from '../../components/ListPage.tsx';
import { useTenantTime } from '../../lib/time.ts';
import { type DryRun, type Trigger, useDryRun } from './api.ts';

const OUTCOME_COLOR = { send: 'green', suppressed: 'orange', skipped: 'default' } as const;

/** The personalised survey one customer would get: the questions shown before any answer, the others struck out. */
function PersonalisedSurvey(props: { survey: NonNullable<DryRun['survey']>; shown: string[] }) {
  const { t } = useTranslation('reach');
  const shown = new Set(props.shown);
  return (
    <ol style={{ margin: '4px 0 0', paddingInlineStart: 20 }} data-testid="dry-run-survey">
      {props.survey.questions.map((q) => (
        <li key={q.name} data-shown={shown.has(q.name) ? 'true' : 'false'}>
          {shown.has(q.name) ? (
            <Typography.Text data-testid="shown-question">{q.title}</Typography.Text>
          ) : (
            <Typography.Text type="secondary" delete={q.dependsOn !== 'answers'}>
              {q.title}
            </Typography.Text>
          )}
          {!shown.has(q.name) && q.dependsOn === 'answers' && (
            <Typography.Text type="secondary"> · {t('dryRun.dependsOnAnswers')}</Typography.Text>
          )}
        </li>
      ))}
    </ol>
  );
}

/**
 * A trigger's dry-run: which of the latest events of its type would fire, be sent or suppressed (and why) under
 * the contact policy as it is now, and the personalised survey each customer would see. Nothing is written.
 */
export function DryRunDrawer(props: { trigger: Trigger | undefined; onClose: () => void }) {
  const time = useTenantTime();
  const { t } = useTranslation('reach');
  const run = useDryRun();
  const id = props.trigger?.id;
  // biome-ignore lint/correctness/useExhaustiveDependencies: run once per opened trigger
  useEffect(() => {
    if (id) run.mutate(id);
  }, [id]);
  const data = run.data && run.variables === id ? run.data : undefined;
  const count = (o: string) => data?.items.filter((i) => i.outcome === o).length ?? 0;

  return (
    <DetailDrawer
      open={!!props.trigger}
      title={t('dryRun.title', { name: props.trigger?.name })}
      width={720}
      onClose={props.onClose}
    >
      <Typography.Paragraph type="secondary">{t('dryRun.help')}</Typography.Paragraph>
      {run.isError && <Alert type="error" showIcon message={run.error.message} />}
      {run.isPending && <Spin />}
      {data && (
        <>
          <Space wrap style={{ marginBottom: 12 }} data-testid="dry-run-summary">
            <Typography.Text>{t('dryRun.scanned', { n: data.scanned })}</Typography.Text>
            <Tag color="green">{t('dryRun.wouldSend', { n: count('send') })}</Tag>
            <Tag color="orange">{t('dryRun.wouldSuppress', { n: count('suppressed') })}</Tag>
            <Tag>{t('dryRun.wouldSkip', { n: count('skipped') })}</Tag>
            <Button size="small" onClick={() => id && run.mutate(id)}>
              {t('dryRun.again')}
            </Button>
          </Space>
          {data.items.length === 0 ? (
            <Empty description={t('dryRun.noEvents')} />
          ) : (
            <List
              dataSource={data.items}
              rowKey="eventId"
              renderItem={(item) => (
                <Card size="small" style={{ marginBottom: 8 }} data-testid="dry-run-item">
                  <Space wrap>
                    <Typography.Text strong>{item.customer ?? t('dryRun.noCustomer')}</Typography.Text>
                    <Typography.Text type="secondary">{time.dateTime(item.occurredAt)}</Typography.Text>
                    <Tag color={OUTCOME_COLOR[item.outcome]} data-testid="dry-run-outcome">
                      {t(`dryRun.outcome.${item.outcome}`)}
                    </Tag>
                    {item.reason && <Tag>{t(`reasons.${item.reason}`, { defaultValue: item.reason })}</Tag>}
                  </Space>
                  {Object.keys(item.context).length > 0 && (
                    <div>
                      <Typography.Text type="secondary">{t('dryRun.context')} </Typography.Text>
                      <Typography.Text code style={{ wordBreak: 'break-all' }}>
                        {JSON.stringify(item.context)}
                      </Typography.Text>
                    </div>
                  )}
                  {item.matches && data.survey && (
                    <>
                      <Typography.Text type="secondary">
                        {t('dryRun.wouldSee', { survey: data.survey.name })}
                      </Typography.Text>
                      <PersonalisedSurvey survey={data.survey} shown={item.shownQuestions} />
                    </>
                  )}
                </Card>
              )}
            />
          )}
        </>
      )}
    </DetailDrawer>
  );
}
