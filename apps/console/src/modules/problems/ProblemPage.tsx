import {
  Alert,
  App,
  Button,
  Card,
  Col,
  Descriptions,
  Popconfirm,
  Row,
  Space,
  Statistic,
  Tag,
  Timeline,
  Typography,
} from 'antd';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { useLiveEvents } from '../../lib/live.ts';
import { useInvalidate } from '../../lib/query.ts';
import { ActionPanel } from './ActionPanel.tsx';
import { problemKeys, useProblem, useProblemCommand } from './api.ts';
import { TaskCard } from './TaskCard.tsx';

/** A problem: root cause, source, linked tickets, tasks with evidence, on-time rate, action and effect, timeline. */
export function ProblemPage() {
  const { t, i18n } = useTranslation('problems');
  const { id } = useParams();
  const { message } = App.useApp();
  const q = useProblem(id);
  const invalidate = useInvalidate();
  useLiveEvents(['problems'], (_type, data) => {
    if ((data as { id?: string })?.id === id) invalidate(problemKeys.detail(id));
  });
  const cmd = useProblemCommand(id, { onError: (err) => message.error(err.message) });
  const run = (path: string, body?: unknown) => cmd.mutate({ path, body });
  const p = q.data;
  if (!p) return <Card loading={q.isLoading}>{q.error ? String(q.error.message) : null}</Card>;
  const zh = i18n.language.startsWith('zh');
  const open = p.status === 'open';
  const taskTitle = new Map(p.tasks.map((x) => [x.id, x.title]));
  const allAccepted = p.taskCount > 0 && p.acceptedCount === p.taskCount;
  return (
    <div>
      <Space wrap style={{ marginBottom: 8 }}>
        <Typography.Title level={4} style={{ margin: 0 }}>
          P-{p.number} {p.title}
        </Typography.Title>
        <Tag color={open ? 'blue' : 'default'}>{t(`s.${p.status}`)}</Tag>
        {open && p.canManage && (
          <Popconfirm
            title={p.action?.closesProblem ? t('closeByAction') : t('closeByTasks')}
            onConfirm={() => run('close', {})}
            disabled={!p.action?.closesProblem && !allAccepted}
          >
            <Button size="small" disabled={!p.action?.closesProblem && !allAccepted}>
              {t('close')}
            </Button>
          </Popconfirm>
        )}
      </Space>
      {p.closeReason && (
        <Alert
          type="success"
          style={{ marginBottom: 12 }}
          message={t(`closedBy.${p.closeReason}`)}
          description={
            p.closeEffect
              ? `${t('effect')}: ${p.closeEffect.effect?.toFixed(1)} (95% CI ${p.closeEffect.ci?.map((v) => v.toFixed(1)).join(' … ')})${p.closeNote ? ` · ${p.closeNote}` : ''}`
              : p.closeNote
          }
        />
      )}
      <Row gutter={[12, 12]}>
        <Col xs={24} lg={16}>
          <Card size="small" style={{ marginBottom: 12 }}>
            <Descriptions size="small" column={{ xs: 1, md: 2 }}>
              <Descriptions.Item label={t('owner')}>{p.ownerName}</Descriptions.Item>
              <Descriptions.Item label={t('source')}>
                {t(`src.${p.source}`)}
                {p.sourceTopic ? ` · ${p.sourceTopic}` : ''}
                {p.sourceMetric ? ` · ${p.sourceMetric.metric.toUpperCase()} ${p.sourceMetric.period}` : ''}
              </Descriptions.Item>
              {p.sourceAudit && (
                <Descriptions.Item label={t('failingAudits')}>
                  <span data-testid="problem-failing-audits">
                    {p.sourceAudit.code} ·{' '}
                    {p.sourceAudit.auditIds.map((id, i) => (
                      <Link key={id} to={`/quality/audits/${id}`} style={{ marginRight: 8 }}>
                        #{i + 1}
                      </Link>
                    ))}
                  </span>
                </Descriptions.Item>
              )}
              <Descriptions.Item label={t('rootCause')}>
                {p.rootCause ? (zh ? p.rootCause.name : (p.rootCause.nameEn ?? p.rootCause.name)) : '—'}
              </Descriptions.Item>
              <Descriptions.Item label={t('tickets')}>
                {p.tickets.length
                  ? p.tickets.map((k) => (
                      <Link key={k.id} to={`/tickets/${k.id}`} style={{ marginRight: 8 }}>
                        {k.number}
                      </Link>
                    ))
                  : '—'}
              </Descriptions.Item>
            </Descriptions>
            {p.description && <Typography.Paragraph style={{ marginTop: 8 }}>{p.description}</Typography.Paragraph>}
          </Card>
          <Typography.Title level={5}>{t('tasks')}</Typography.Title>
          {p.tasks.map((task) => (
            <TaskCard key={task.id} task={task} canManage={p.canManage} open={open} busy={cmd.isPending} run={run} />
          ))}
        </Col>
        <Col xs={24} lg={8}>
          <Card size="small" style={{ marginBottom: 12 }}>
            <Statistic
              title={<span title={t('onTimeHelp')}>{t('onTime')}</span>}
              value={p.onTime.rate == null ? '—' : `${Math.round(p.onTime.rate)}%`}
              valueStyle={{ fontSize: 28 }}
              data-testid="problem-on-time"
            />
            <Typography.Text type="secondary">
              {t('onTimeCount', { on: p.onTime.onTime, n: p.onTime.decided })} ·{' '}
              {t('tasksDone', { done: p.acceptedCount, all: p.taskCount })}
            </Typography.Text>
          </Card>
          <div style={{ marginBottom: 12 }}>
            <ActionPanel problem={p} busy={cmd.isPending} run={run} />
          </div>
          <Card size="small" title={t('timeline')}>
            <Timeline
              items={p.events.map((e) => ({
                color:
                  e.kind === 'task_overdue'
                    ? 'red'
                    : e.kind === 'task_accepted' || e.kind === 'closed'
                      ? 'green'
                      : 'blue',
                children: (
                  <div style={{ fontSize: 13 }}>
                    <div>
                      {t(`ev.${e.kind}`, { defaultValue: e.kind })}
                      {e.taskId ? ` · ${taskTitle.get(e.taskId) ?? ''}` : ''}
                    </div>
                    {typeof e.data.reason === 'string' && <div>{e.data.reason}</div>}
                    {typeof e.data.note === 'string' && <div>{e.data.note}</div>}
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {e.actorName ?? ''} {dayjs(e.at).format('YYYY-MM-DD HH:mm')}
                    </Typography.Text>
                  </div>
                ),
              }))}
            />
          </Card>
        </Col>
      </Row>
    </div>
  );
}
