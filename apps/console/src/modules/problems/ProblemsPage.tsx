import {
  App,
  Button,
  Card,
  Col,
  Grid,
  List,
  Progress,
  Row,
  Segmented,
  Select,
  Space,
  Switch,
  Table,
  Tag,
  Typography,
} from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router-dom';
import { useLiveEvents } from '../../lib/live.ts';
import { useMe } from '../../lib/me.tsx';
import { useInvalidate } from '../../lib/query.ts';
import { useTeams } from '../teams/api.ts';
import { useUsers } from '../users/api.ts';
import { type Problem, problemKeys, useOnTimeRate, useProblems } from './api.ts';
import { CreateProblemDialog } from './CreateProblemDialog.tsx';

const STATUS_COLOR: Record<string, string> = { open: 'blue', closed: 'default' };

/** The problems list: filters (status, owner, team, overdue), on-time rate per team or unit, "new problem". */
export function ProblemsPage() {
  const { t, i18n } = useTranslation('problems');
  const me = useMe();
  const phone = !Grid.useBreakpoint().md;
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const ticketIds = (params.get('tickets') ?? '').split(',').filter(Boolean);
  const [creating, setCreating] = useState(params.get('new') === '1');
  const [status, setStatus] = useState<string | undefined>('open');
  const [ownerId, setOwnerId] = useState<string>();
  const [teamId, setTeamId] = useState<string>();
  const [overdue, setOverdue] = useState(params.get('overdue') === '1');
  const [by, setBy] = useState<'team' | 'unit'>('team');
  const list = useProblems({ status, ownerId, teamId, overdue });
  const teams = useTeams();
  const users = useUsers('', { enabled: me.can('users.read') });
  const from = dayjs().subtract(90, 'day').format('YYYY-MM-DD');
  const to = dayjs().add(1, 'day').format('YYYY-MM-DD');
  const rate = useOnTimeRate(by, from, to);
  const invalidate = useInvalidate();
  useLiveEvents(['problems'], () => invalidate(problemKeys.all));
  App.useApp();
  const zh = i18n.language.startsWith('zh');
  const pct = (v: number | null | undefined) => (v == null ? '—' : `${Math.round(v)}%`);
  const counts = (p: Problem) => (
    <Space size={4} wrap>
      <Progress
        percent={p.taskCount ? Math.round((100 * p.acceptedCount) / p.taskCount) : 0}
        size="small"
        style={{ width: 80, margin: 0 }}
        showInfo={false}
      />
      <span>{t('tasksDone', { done: p.acceptedCount, all: p.taskCount })}</span>
      {p.overdueCount > 0 && <Tag color="red">{t('overdueTasks', { n: p.overdueCount })}</Tag>}
    </Space>
  );
  return (
    <div>
      <Space style={{ marginBottom: 12 }} wrap>
        <Typography.Title level={4} style={{ margin: 0 }}>
          {t('title')}
        </Typography.Title>
        {me.can('problems.write') && (
          <Button type="primary" onClick={() => setCreating(true)}>
            {t('new')}
          </Button>
        )}
      </Space>
      <Card
        size="small"
        style={{ marginBottom: 12 }}
        title={
          <span title={t('onTimeHelp')}>
            {t('onTime')} · {pct(rate.data?.total.rate)}
          </span>
        }
        extra={
          <Segmented
            size="small"
            value={by}
            onChange={(v) => setBy(v as 'team' | 'unit')}
            options={[
              { value: 'team', label: t('byTeam') },
              { value: 'unit', label: t('byUnit') },
            ]}
          />
        }
      >
        <Row gutter={[8, 8]} data-testid="on-time-rates">
          {(rate.data?.rows ?? []).map((r) => (
            <Col xs={12} md={6} key={r.key}>
              <Typography.Text type="secondary">{zh ? r.label : (r.labelEn ?? r.label)}</Typography.Text>
              <div>
                <Typography.Text strong style={{ fontSize: 18 }}>
                  {pct(r.rate)}
                </Typography.Text>{' '}
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {t('onTimeCount', { on: r.onTime, n: r.decided })}
                </Typography.Text>
              </div>
            </Col>
          ))}
        </Row>
      </Card>
      <Space wrap style={{ marginBottom: 12 }}>
        <Select
          style={{ width: 120 }}
          value={status ?? ''}
          onChange={(v) => setStatus(v || undefined)}
          options={[
            { value: '', label: t('all') },
            { value: 'open', label: t('s.open') },
            { value: 'closed', label: t('s.closed') },
          ]}
          aria-label={t('status')}
        />
        {me.can('users.read') && (
          <Select
            allowClear
            style={{ width: 160 }}
            placeholder={t('owner')}
            value={ownerId}
            onChange={setOwnerId}
            options={(users.data ?? []).map((u) => ({ value: u.id, label: u.name }))}
            showSearch
            optionFilterProp="label"
          />
        )}
        <Select
          allowClear
          style={{ width: 140 }}
          placeholder={t('team')}
          value={teamId}
          onChange={setTeamId}
          options={(teams.data ?? []).map((x) => ({ value: x.id, label: zh ? x.name : (x.nameEn ?? x.name) }))}
        />
        <Space>
          <Switch checked={overdue} onChange={setOverdue} size="small" />
          {t('overdueOnly')}
        </Space>
      </Space>
      {phone ? (
        <List
          loading={list.isLoading}
          dataSource={list.data ?? []}
          renderItem={(p) => (
            <Card
              size="small"
              style={{ marginBottom: 8 }}
              onClick={() => navigate(`/problems/${p.id}`)}
              data-testid="problem-card"
            >
              <Space direction="vertical" size={2} style={{ width: '100%' }}>
                <Space>
                  <Typography.Text type="secondary">P-{p.number}</Typography.Text>
                  <Tag color={STATUS_COLOR[p.status]}>{t(`s.${p.status}`)}</Tag>
                </Space>
                <Typography.Text strong>{p.title}</Typography.Text>
                {counts(p)}
              </Space>
            </Card>
          )}
        />
      ) : (
        <Table
          rowKey="id"
          size="small"
          loading={list.isLoading}
          dataSource={list.data}
          onRow={(r) => ({ onClick: () => navigate(`/problems/${r.id}`), style: { cursor: 'pointer' } })}
          columns={[
            { title: t('number'), dataIndex: 'number', width: 80, render: (n: number) => `P-${n}` },
            { title: t('titleCol'), dataIndex: 'title', ellipsis: true },
            { title: t('owner'), dataIndex: 'ownerName', width: 140 },
            {
              title: t('rootCause'),
              render: (_, p) =>
                p.rootCause ? (zh ? p.rootCause.name : (p.rootCause.nameEn ?? p.rootCause.name)) : '—',
            },
            { title: t('tasks'), render: (_, p) => counts(p) },
            {
              title: t('nextDue'),
              dataIndex: 'nextDueAt',
              render: (d: string | null) => (d ? dayjs(d).format('YYYY-MM-DD') : '—'),
            },
            {
              title: t('status'),
              dataIndex: 'status',
              width: 90,
              render: (s: string) => <Tag color={STATUS_COLOR[s]}>{t(`s.${s}`)}</Tag>,
            },
          ]}
        />
      )}
      <CreateProblemDialog
        open={creating}
        ticketIds={ticketIds}
        onClose={() => {
          setCreating(false);
          if (params.has('new') || params.has('tickets')) setParams({}, { replace: true });
        }}
      />
    </div>
  );
}
