import { PlusOutlined } from '@ant-design/icons';
import type { TMetricQueryResponse } from '@loopcx/shared';
import { Alert, Button, Card, Grid, Select, Space, Switch, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router-dom';
import { UnitPicker } from '../../components/UnitPicker.tsx';
import { useMe } from '../../lib/me.tsx';
import { useTenantTime } from '../../lib/time.ts';
import { AssignTraining } from './AssignTraining.tsx';
import { percentText, useCanManageQa } from './present.tsx';
import { QualityTabs } from './QualityTabs.tsx';
import { QuizDrawer } from './QuizDrawer.tsx';
import { TrainingStatusTag } from './TrainingStatusTag.tsx';
import {
  ASSIGNMENT_STATUSES,
  type Assignment,
  type Quiz,
  useAssignments,
  useQuizzes,
  useSaveQuiz,
  useTrainingMetric,
} from './training-api.ts';

const DAYS = 90;
type Row = TMetricQueryResponse['rows'][number];

/** A rate cell: the value with n and the 95 % interval, or "—" when nobody was counted. */
function RateCell({ r }: { r: Row | undefined }) {
  if (!r || r.value === null || r.value === undefined)
    return <Typography.Text type="secondary">— (n={r?.n ?? 0})</Typography.Text>;
  const ci = r.ci ? ` [${r.ci[0].toFixed(0)}–${r.ci[1].toFixed(0)}]` : '';
  return (
    <span>
      <Typography.Text strong>{percentText(r.value)}</Typography.Text>{' '}
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        (n={r.n}
        {ci})
      </Typography.Text>
    </span>
  );
}

/** Completion and pass rate of the caller's child units over the last 90 days, via the metrics query. */
function TrainingRates() {
  const { t } = useTranslation('quality');
  const me = useMe();
  const time = useTenantTime();
  const phone = !Grid.useBreakpoint().md;
  const range = time.lastDays(DAYS);
  const base = { orgUnitId: me.orgUnit.id, from: range.from, to: range.to };
  const completion = useTrainingMetric({ ...base, metric: 'training.completion_rate' });
  const pass = useTrainingMetric({ ...base, metric: 'training.pass_rate' });
  const passBy = new Map((pass.data?.rows ?? []).map((r) => [r.key, r]));
  const rows = (completion.data?.rows ?? []).map((r) => ({
    key: r.key,
    label: r.label,
    completion: r,
    pass: passBy.get(r.key),
  }));
  return (
    <Card size="small" title={t('training.rates', { n: DAYS })} data-testid="training-rates">
      {(completion.error || pass.error) && (
        <Alert type="error" showIcon message={((completion.error ?? pass.error) as Error).message} />
      )}
      <Table
        size="small"
        pagination={false}
        loading={completion.isLoading || pass.isLoading}
        scroll={phone ? { x: 'max-content' } : undefined}
        dataSource={rows}
        columns={[
          { title: t('training.unit'), dataIndex: 'label' },
          { title: t('training.completion'), key: 'c', render: (_, r) => <RateCell r={r.completion} /> },
          { title: t('training.passRate'), key: 'p', render: (_, r) => <RateCell r={r.pass} /> },
        ]}
      />
      <Typography.Paragraph type="secondary" style={{ fontSize: 12, marginTop: 8, marginBottom: 0 }}>
        {t('training.ratesHelp')}
      </Typography.Paragraph>
    </Card>
  );
}

/** The quizzes: name, linked items, questions, pass mark; QA staff edit, archive and assign. */
function QuizList({ onEdit }: { onEdit: (q: Quiz) => void }) {
  const { t, i18n } = useTranslation('quality');
  const manage = useCanManageQa();
  const me = useMe();
  const phone = !Grid.useBreakpoint().md;
  const [archived, setArchived] = useState(false);
  const quizzes = useQuizzes({ archived });
  const save = useSaveQuiz();
  return (
    <Card
      size="small"
      title={t('training.quizzes')}
      extra={
        <Space>
          {t('cl.showArchived')}
          <Switch size="small" checked={archived} onChange={setArchived} />
        </Space>
      }
    >
      <Table
        rowKey="id"
        size="small"
        pagination={false}
        loading={quizzes.isLoading}
        scroll={phone ? { x: 'max-content' } : undefined}
        dataSource={quizzes.data ?? []}
        data-testid="quiz-list"
        columns={[
          {
            title: t('training.name'),
            key: 'name',
            render: (_, q) => (
              <Space size={4} wrap>
                {i18n.language === 'en' && q.nameEn ? q.nameEn : q.name}
                {q.archived && <Tag>{t('training.archived')}</Tag>}
              </Space>
            ),
          },
          {
            title: t('training.items'),
            key: 'items',
            render: (_, q) =>
              q.itemCodes.length ? q.itemCodes.map((c) => <Tag key={c}>{c}</Tag>) : t('training.none'),
          },
          {
            title: t('training.questions'),
            key: 'n',
            render: (_, q) => t('training.questionsN', { n: q.questions.length }),
          },
          { title: t('training.passMark'), dataIndex: 'passMark', align: 'right' },
          { title: t('training.maxAttempts'), dataIndex: 'maxAttempts', align: 'right' },
          { title: t('training.assignments'), dataIndex: 'assignmentCount', align: 'right' },
          {
            title: '',
            key: 'actions',
            render: (_, q) => (
              <Space size={4} wrap>
                {me.can('inspections.write') && !q.archived && <AssignTraining quizzes={[q]} size="small" />}
                {manage && (
                  <Button size="small" onClick={() => onEdit(q)} data-testid="quiz-edit">
                    {t('core:common.edit')}
                  </Button>
                )}
                {manage && (
                  <Button
                    size="small"
                    type="text"
                    onClick={() => save.mutate({ id: q.id, body: { archived: !q.archived } })}
                  >
                    {q.archived ? t('training.restore') : t('training.archive')}
                  </Button>
                )}
              </Space>
            ),
          },
        ]}
      />
    </Card>
  );
}

/** The assignments of the caller's subtree with filters (unit, status, quiz; `?audit=` from an audit). */
function AssignmentTable() {
  const { t, i18n } = useTranslation('quality');
  const time = useTenantTime();
  const phone = !Grid.useBreakpoint().md;
  const [params, setParams] = useSearchParams();
  const quizzes = useQuizzes({ archived: true });
  const f = {
    orgUnitId: params.get('unit') ?? undefined,
    status: params.get('status') ?? undefined,
    quizId: params.get('quiz') ?? undefined,
    auditId: params.get('audit') ?? undefined,
    page: Number(params.get('page') ?? 1),
  };
  const list = useAssignments(f);
  const set = (k: string, v: string | undefined) =>
    setParams((p) => {
      if (v) p.set(k, v);
      else p.delete(k);
      if (k !== 'page') p.delete('page');
      return p;
    });
  return (
    <Card size="small" title={t('training.assignments')}>
      <Space wrap style={{ marginBottom: 8 }}>
        <UnitPicker
          style={{ minWidth: 200 }}
          value={f.orgUnitId}
          onChange={(v) => set('unit', v as string | undefined)}
          placeholder={t('training.unit')}
        />
        <Select
          allowClear
          style={{ minWidth: 140 }}
          placeholder={t('training.allStatuses')}
          value={f.status}
          onChange={(v) => set('status', v)}
          data-testid="assignment-status"
          options={ASSIGNMENT_STATUSES.map((s) => ({ value: s, label: t(`training.status.${s}`) }))}
        />
        <Select
          allowClear
          style={{ minWidth: 200 }}
          placeholder={t('training.allQuizzes')}
          value={f.quizId}
          onChange={(v) => set('quiz', v)}
          options={(quizzes.data ?? []).map((q) => ({ value: q.id, label: q.name }))}
        />
        {f.auditId && (
          <Tag closable onClose={() => set('audit', undefined)}>
            <Link to={`/quality/audits/${f.auditId}`}>{t('training.fromAudit', { code: f.auditId.slice(0, 8) })}</Link>
          </Tag>
        )}
      </Space>
      <Table<Assignment>
        rowKey="id"
        size="small"
        loading={list.isLoading}
        scroll={phone ? { x: 'max-content' } : undefined}
        dataSource={list.data?.items ?? []}
        data-testid="assignment-table"
        pagination={{
          current: f.page,
          pageSize: 50,
          total: list.data?.total ?? 0,
          showSizeChanger: false,
          onChange: (p) => set('page', String(p)),
        }}
        columns={[
          { title: t('training.user'), dataIndex: 'userName' },
          { title: t('training.unit'), dataIndex: 'unitName' },
          {
            title: t('training.quiz'),
            key: 'quiz',
            render: (_, a) => (i18n.language === 'en' && a.quizNameEn ? a.quizNameEn : a.quizName),
          },
          {
            title: t('training.statusLabel'),
            key: 'status',
            render: (_, a) => <TrainingStatusTag status={a.status} />,
          },
          { title: t('training.attempts'), key: 'attempts', render: (_, a) => `${a.attempts}/${a.maxAttempts}` },
          { title: t('training.bestScore'), key: 'best', align: 'right', render: (_, a) => percentText(a.bestScore) },
          { title: t('training.due'), key: 'due', render: (_, a) => (a.dueAt ? time.date(a.dueAt) : '—') },
          {
            title: t('training.source'),
            key: 'source',
            render: (_, a) =>
              a.auditId ? (
                <Link to={`/quality/audits/${a.auditId}`} data-testid="assignment-audit">
                  {t('training.fromAudit', { code: a.itemCode ?? '' })}
                </Link>
              ) : (
                t('training.byHand')
              ),
          },
        ]}
      />
    </Card>
  );
}

/** The Training tab: rates by unit, the quizzes (edited in a drawer) and the assignments. */
export function TrainingPage() {
  const { t } = useTranslation('quality');
  const manage = useCanManageQa();
  const me = useMe();
  const [editing, setEditing] = useState<Quiz | 'new' | null>(null);
  return (
    <>
      <QualityTabs
        extra={
          manage && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')} data-testid="quiz-new">
              {t('training.newQuiz')}
            </Button>
          )
        }
      />
      <Space direction="vertical" size={12} style={{ width: '100%' }}>
        {me.can('metrics.read') && <TrainingRates />}
        <QuizList onEdit={setEditing} />
        <AssignmentTable />
      </Space>
      <QuizDrawer quiz={editing} onClose={() => setEditing(null)} />
    </>
  );
}
