import { App, Button, Card, Col, Grid, Row, Select, Space, Statistic, Table, Tabs, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router-dom';
import { Chart } from '../../components/Chart.tsx';
import { useLiveEvents } from '../../lib/live.ts';
import { useMe } from '../../lib/me.tsx';
import { useUsers } from '../users/api.ts';
import {
  TICKET_FILTERS,
  type TicketFilters,
  useBulkAssign,
  useRefreshTickets,
  useTicketReport,
  useTickets,
} from './api.ts';
import { STATUS_COLOR, slaLine, ticketTitle } from './present.ts';
import { TicketCards } from './TicketCards.tsx';

const PCOLOR: Record<string, string> = { low: 'default', normal: 'blue', high: 'orange', urgent: 'red' };
const VIEWS = ['mine', 'units', 'overdue', 'breached', 'all'];

export function TicketsPage() {
  const { t, i18n } = useTranslation('tickets');
  const me = useMe();
  // Below antd's md breakpoint (768 px) the table's columns cannot fit: the inbox becomes a card list.
  const phone = !Grid.useBreakpoint().md;
  const navigate = useNavigate();
  const { message } = App.useApp();
  // The view and filters live in the URL, so a link (the home page's cards) opens the list already filtered.
  const [params, setParams] = useSearchParams();
  const asked = params.get('view');
  const view = asked && VIEWS.includes(asked) ? asked : me.role === 'agent' ? 'mine' : 'units';
  const filters: TicketFilters = {};
  for (const k of TICKET_FILTERS) {
    const v = params.get(k);
    if (v) filters[k] = v;
  }
  const filtered = Object.keys(filters).length > 0;
  const setView = (v: string) => setParams({ view: v });
  const [selected, setSelected] = useState<string[]>([]);
  const list = useTickets(view, filters);
  const users = useUsers('', { enabled: me.can('users.read') });
  const report = useTicketReport();
  // New tickets appear without a reload: the stream pushes ticket events for the caller's scope.
  const refreshTickets = useRefreshTickets();
  useLiveEvents(['tickets'], refreshTickets);
  const bulk = useBulkAssign({
    onSuccess: () => setSelected([]),
    onError: (err) => message.error(err.message),
  });
  const rows = list.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <div>
      <Typography.Title level={4}>{t('title')}</Typography.Title>
      <Row gutter={[12, 12]} style={{ marginBottom: 12 }}>
        <Col xs={12} md={6}>
          <Card size="small">
            <Statistic title={t('volume')} value={report.data?.volume ?? 0} />
          </Card>
        </Col>
        <Col xs={12} md={6}>
          <Card size="small">
            <Statistic
              title={t('sla')}
              value={report.data?.slaCompliance == null ? '—' : `${Math.round(report.data.slaCompliance * 100)}%`}
            />
          </Card>
        </Col>
        <Col xs={12} md={6}>
          <Card size="small">
            <Statistic
              title={t('reopenRate')}
              value={report.data?.reopenRate == null ? '—' : `${Math.round(report.data.reopenRate * 100)}%`}
            />
          </Card>
        </Col>
        <Col xs={12} md={6}>
          <Card size="small">
            <Statistic
              title={t('mttc')}
              value={report.data?.meanHoursToClose == null ? '—' : report.data.meanHoursToClose.toFixed(1)}
            />
          </Card>
        </Col>
      </Row>
      {(report.data?.rootCausePareto.length ?? 0) > 0 && (
        <Card size="small" title={t('pareto')} style={{ marginBottom: 12 }}>
          <Chart
            style={{ height: 220 }}
            option={(() => {
              const items = report.data!.rootCausePareto;
              const total = items.reduce((s, x) => s + x.count, 0);
              let acc = 0;
              return {
                tooltip: { trigger: 'axis' },
                grid: { left: 8, right: 8, top: 24, bottom: 8, containLabel: true },
                xAxis: {
                  type: 'category',
                  data: items.map((x) => (i18n.language === 'en' && x.nameEn ? x.nameEn : x.name)),
                  axisLabel: { interval: 0, rotate: phone ? 45 : 0, hideOverlap: true },
                },
                yAxis: [{ type: 'value' }, { type: 'value', max: 100, axisLabel: { formatter: '{value}%' } }],
                series: [
                  { type: 'bar', data: items.map((x) => x.count) },
                  {
                    type: 'line',
                    yAxisIndex: 1,
                    data: items.map((x) => {
                      acc += x.count;
                      return Math.round((acc / total) * 100);
                    }),
                  },
                ],
              };
            })()}
          />
        </Card>
      )}
      <Tabs activeKey={view} onChange={setView} items={VIEWS.map((k) => ({ key: k, label: t(k) }))} />
      {filtered && (
        <Space wrap style={{ marginBottom: 8 }} data-testid="ticket-filters">
          {filters.status && (
            <Tag>
              {t('status')}:{' '}
              {filters.status
                .split(',')
                .map((x) => t(`s.${x}`))
                .join(', ')}
            </Tag>
          )}
          {filters.ruleId && <Tag>{t('filterRule')}</Tag>}
          {filters.since && (
            <Tag>
              {t('filterSince')} {new Date(filters.since).toLocaleString(i18n.language)}
            </Tag>
          )}
          {filters.orgUnitId && <Tag>{t('filterUnit')}</Tag>}
          <Button size="small" type="link" onClick={() => setParams({ view })} data-testid="clear-filters">
            {t('clearFilters')}
          </Button>
        </Space>
      )}
      {!phone && selected.length > 0 && me.can('problems.write') && (
        <Button
          size="small"
          style={{ marginBottom: 8, marginRight: 8 }}
          onClick={() => navigate(`/problems?new=1&tickets=${selected.join(',')}`)}
        >
          {t('createProblem', { n: selected.length })}
        </Button>
      )}
      {!phone && selected.length > 0 && me.can('users.read') && (
        <Space style={{ marginBottom: 8 }}>
          {t('bulkAssign')} ({selected.length}):
          <Select
            style={{ width: 220 }}
            placeholder={t('assignTo')}
            onChange={(v: string) => bulk.mutate({ ids: selected, assigneeId: v })}
            options={(users.data ?? []).map((u) => ({ value: u.id, label: u.name }))}
            showSearch
            optionFilterProp="label"
          />
        </Space>
      )}
      {phone ? (
        <TicketCards tickets={rows} loading={list.isLoading} />
      ) : (
        <Table
          rowKey="id"
          size="small"
          loading={list.isLoading}
          dataSource={rows}
          pagination={false}
          scroll={{ x: 800 }}
          rowSelection={
            me.can('tickets.work')
              ? { selectedRowKeys: selected, onChange: (k) => setSelected(k as string[]) }
              : undefined
          }
          onRow={(r) => ({ onClick: () => navigate(`/tickets/${r.id}`), style: { cursor: 'pointer' } })}
          columns={[
            { title: t('number'), dataIndex: 'number', width: 100 },
            { title: t('titleCol'), render: (_, r) => ticketTitle(r, t, i18n.language), ellipsis: true },
            { title: t('unit'), render: (_, r) => r.orgUnit?.code },
            {
              title: t('priority'),
              dataIndex: 'priority',
              render: (p: string) => <Tag color={PCOLOR[p]}>{t(`p.${p}`)}</Tag>,
            },
            {
              title: t('status'),
              dataIndex: 'status',
              render: (s: string) => <Tag color={STATUS_COLOR[s]}>{t(`s.${s}`)}</Tag>,
            },
            { title: t('assignee'), dataIndex: 'assigneeName' },
            {
              title: t('due'),
              render: (_, r) => {
                const sla = slaLine(r, t, i18n.language, me.tenant.timezone ?? undefined);
                return <Typography.Text type={sla.overdue ? 'danger' : undefined}>{sla.text}</Typography.Text>;
              },
            },
          ]}
        />
      )}
      {list.hasNextPage && (
        <Button block style={{ marginTop: 12 }} onClick={() => list.fetchNextPage()}>
          {t('more')}
        </Button>
      )}
    </div>
  );
}
