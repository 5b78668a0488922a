import { ArrowLeftOutlined, FilePdfOutlined, PrinterOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Space, Spin, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { usePhone } from '../../components/ListPage.tsx';
import { previewPdfUrl, type ReportModel, useReport } from './api.ts';

/** Hides the console's frame when printing: the report alone, in black on white, one column. */
const PRINT_CSS = `@media print {
  .ant-layout-sider, .ant-layout-header, .no-print { display: none !important; }
  .ant-layout-content { padding: 0 !important; }
  .report-page .ant-card { break-inside: avoid; box-shadow: none; border-color: #ddd; }
  body { background: #fff; }
}`;

/** The last day of a period given its exclusive end (YYYY-MM-DD). */
const lastDay = (to: string) => new Date(Date.parse(to) - 86_400_000).toISOString().slice(0, 10);
const fmt = (key: string, v: number | null) =>
  v === null ? '—' : key === 'responses' ? String(Math.round(v)) : v.toFixed(1);
const signed = (v: number | null, digits = 1) =>
  v === null ? '—' : `${v > 0 ? '+' : v < 0 ? '−' : ''}${Math.abs(v).toFixed(digits)}`;

/** A sparkline of the sub-periods (SVG, drawn from the same trend the PDF draws). */
function Spark({ trend }: { trend: ReportModel['metrics'][number]['trend'] }) {
  const pts = trend.filter((t) => t.value !== null).map((t) => t.value as number);
  if (pts.length < 2) return null;
  const lo = Math.min(...pts);
  const span = Math.max(...pts) - lo || 1;
  const d = pts
    .map((v, i) => `${i ? 'L' : 'M'}${(i / (pts.length - 1)) * 80},${18 - ((v - lo) / span) * 16}`)
    .join(' ');
  return (
    <svg width={80} height={20} aria-hidden="true">
      <path d={d} fill="none" stroke="#2563eb" strokeWidth={1.5} />
    </svg>
  );
}

/** A metric's change: green up / red down and bold when significant (95 %), grey otherwise. */
function Change({ m }: { m: ReportModel['metrics'][number] }) {
  return (
    <span
      style={{
        color: !m.significant ? undefined : (m.change ?? 0) > 0 ? '#15803d' : '#b91c1c',
        fontWeight: m.significant ? 600 : 400,
      }}
    >
      {signed(m.change, m.key === 'responses' ? 0 : 1)}
      {m.significant ? ' *' : ''}
    </span>
  );
}

/** The printable report of a unit and period (`/reports/:unitId/:period`), with print and PDF. */
export function ReportPage() {
  const { t, i18n } = useTranslation('reports');
  const { unitId = '', period = '' } = useParams();
  const locale = i18n.language === 'en' ? 'en' : 'zh-CN';
  const report = useReport(unitId, period, locale);
  const phone = usePhone();
  if (report.isLoading) return <Spin />;
  if (report.error) return <Alert type="error" showIcon message={report.error.message} />;
  const r = report.data!;
  const hasTarget = r.metrics.some((m) => m.target !== null);
  return (
    <div className="report-page" data-testid="report-page">
      <style>{PRINT_CSS}</style>
      <Space className="no-print" wrap style={{ marginBottom: 12 }}>
        <Link to="/reports">
          <Button icon={<ArrowLeftOutlined />}>{t('back')}</Button>
        </Link>
        <Button icon={<PrinterOutlined />} onClick={() => window.print()}>
          {t('print')}
        </Button>
        <Button
          icon={<FilePdfOutlined />}
          href={previewPdfUrl(unitId, period, locale)}
          target="_blank"
          data-testid="report-pdf"
        >
          {t('pdf')}
        </Button>
      </Space>
      <Typography.Title level={3} style={{ marginTop: 0 }} data-testid="report-title">
        {r.orgUnit.name} · {t(`reportKind.${r.period.kind}`)} {r.period.key}
      </Typography.Title>
      <Typography.Paragraph type="secondary">
        {r.period.from} – {lastDay(r.period.to)} · {t('vs', { p: r.period.previousKey })}
      </Typography.Paragraph>
      <Space direction="vertical" size={16} style={{ width: '100%' }}>
        <Card title={t('keyMetrics')} size="small">
          {phone ? (
            r.metrics.map((m) => (
              <div
                key={m.key}
                data-testid="report-metric"
                style={{
                  display: 'flex',
                  justifyContent: 'space-between',
                  alignItems: 'center',
                  padding: '6px 0',
                  borderBottom: '1px solid #f0f0f0',
                }}
              >
                <div>
                  <div>{m.label}</div>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {t('previous')} {fmt(m.key, m.previous)} · {t('n')} {m.n}
                  </Typography.Text>
                </div>
                <Spark trend={m.trend} />
                <div style={{ textAlign: 'right' }}>
                  <div style={{ fontSize: 18, fontWeight: 600 }}>{m.suppressed ? '—' : fmt(m.key, m.value)}</div>
                  <Change m={m} />
                </div>
              </div>
            ))
          ) : (
            <Table
              size="small"
              pagination={false}
              rowKey="key"
              scroll={{ x: true }}
              dataSource={r.metrics}
              columns={[
                { title: t('metric'), dataIndex: 'label' },
                {
                  title: t('value'),
                  align: 'right',
                  render: (_: unknown, m) => (m.suppressed ? <Tag>{t('suppressed')}</Tag> : fmt(m.key, m.value)),
                },
                { title: t('previous'), align: 'right', render: (_: unknown, m) => fmt(m.key, m.previous) },
                {
                  title: t('change'),
                  align: 'right',
                  render: (_: unknown, m) => (
                    <span
                      style={{
                        color: !m.significant ? undefined : (m.change ?? 0) > 0 ? '#15803d' : '#b91c1c',
                        fontWeight: m.significant ? 600 : 400,
                      }}
                    >
                      {signed(m.change, m.key === 'responses' ? 0 : 1)}
                      {m.significant ? ' *' : ''}
                    </span>
                  ),
                },
                { title: t('n'), dataIndex: 'n', align: 'right' },
                ...(hasTarget
                  ? [
                      {
                        title: t('target'),
                        align: 'right' as const,
                        render: (_: unknown, m: ReportModel['metrics'][number]) => fmt(m.key, m.target),
                      },
                    ]
                  : []),
                { title: '', render: (_: unknown, m) => <Spark trend={m.trend} /> },
              ]}
            />
          )}
          <Typography.Text type="secondary">* {t('significant')}</Typography.Text>
        </Card>
        <Card title={t('movers')} size="small">
          {r.movers.length === 0 ? (
            <Typography.Text type="secondary">{t('noMovers')}</Typography.Text>
          ) : (
            <Table
              size="small"
              pagination={false}
              rowKey={(m) => `${m.orgUnitId}-${m.metric}`}
              scroll={{ x: true }}
              dataSource={r.movers}
              columns={[
                { title: t('unit'), dataIndex: 'name' },
                { title: t('metric'), dataIndex: 'metricLabel' },
                { title: t('value'), align: 'right', render: (_: unknown, m) => fmt(m.metric, m.value) },
                {
                  title: t('change'),
                  align: 'right',
                  render: (_: unknown, m) => (
                    <b style={{ color: m.change > 0 ? '#15803d' : '#b91c1c' }}>{signed(m.change)}</b>
                  ),
                },
                { title: t('n'), dataIndex: 'n', align: 'right' },
              ]}
            />
          )}
        </Card>
        <Card title={t('topics')} size="small">
          {r.topics.length === 0 && <Typography.Text type="secondary">{t('noTopics')}</Typography.Text>}
          {r.topics.map((topic) => (
            <div key={topic.topicId} style={{ marginBottom: 12 }} data-testid="report-topic">
              <Typography.Text strong>{topic.name}</Typography.Text>{' '}
              <Typography.Text type="secondary">
                {topic.negative} / {topic.n}
                {topic.negativeShare !== null ? ` · ${topic.negativeShare.toFixed(0)}%` : ''}
              </Typography.Text>
              {topic.verbatims.map((v) => (
                <blockquote
                  key={`${v.at}-${v.text}`}
                  style={{ margin: '4px 0 0 4px', paddingLeft: 8, borderLeft: '3px solid #b91c1c' }}
                >
                  {v.text}
                  {v.unit ? <Typography.Text type="secondary"> — {v.unit}</Typography.Text> : null}
                </blockquote>
              ))}
            </div>
          ))}
        </Card>
        <Card title={`${t('overdue')} (${r.overdueTickets.total})`} size="small">
          {r.overdueTickets.total === 0 ? (
            <Typography.Text type="secondary">{t('noOverdue')}</Typography.Text>
          ) : (
            [
              ...r.overdueTickets.items.map((tk) => (
                <div key={tk.id} style={{ padding: '4px 0', borderBottom: '1px solid #f0f0f0' }}>
                  <Link to={`/tickets/${tk.id}`}>T-{String(tk.number).padStart(6, '0')}</Link> {tk.title}{' '}
                  <Typography.Text type="secondary">
                    {tk.unit} · {t('hoursOverdue', { h: tk.hoursOverdue })}
                  </Typography.Text>
                </div>
              )),
              r.overdueTickets.total > r.overdueTickets.items.length ? (
                <div key="more" style={{ paddingTop: 6 }} className="no-print">
                  <Link to="/tickets?view=overdue">
                    {t('more', { n: r.overdueTickets.total - r.overdueTickets.items.length })}
                  </Link>
                </div>
              ) : null,
            ]
          )}
        </Card>
        {r.sections.map((s) => (
          <Card key={s.key} title={`${s.title} (${s.total})`} size="small">
            <Table
              size="small"
              pagination={false}
              rowKey={(row) => row.join('|')}
              scroll={{ x: true }}
              dataSource={s.rows}
              columns={s.columns.map((c, i) => ({ title: c, render: (_: unknown, row: string[]) => row[i] }))}
            />
          </Card>
        ))}
      </Space>
    </div>
  );
}
