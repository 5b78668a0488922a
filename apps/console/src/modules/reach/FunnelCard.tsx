import { Card, Progress, Segmented, Space, Table, Typography } from 'antd';
import type { HTMLAttributes } from 'react';
import { useTranslation } from 'react-i18next';
import { usePhone } from '../../components/ListPage.tsx';
import { type Funnel, type FunnelGroup, useFunnel } from './api.ts';

const GROUPS: FunnelGroup[] = ['survey', 'channel', 'unit', 'touchpoint'];
const STEPS = ['sent', 'opened', 'started', 'completed'] as const;
type Row = Funnel['items'][number] & { id: string };

/** One group's steps as bars relative to what was sent. */
function Steps(props: { row: Row }) {
  const { t } = useTranslation('reach');
  const { row } = props;
  return (
    <Space direction="vertical" size={0} style={{ width: '100%' }}>
      {STEPS.map((s) => (
        <Space key={s} style={{ width: '100%' }} size={8}>
          <Typography.Text style={{ display: 'inline-block', width: 64 }}>{t(`funnel.${s}`)}</Typography.Text>
          <Typography.Text strong data-testid={`funnel-${s}`} style={{ display: 'inline-block', width: 40 }}>
            {row[s]}
          </Typography.Text>
          <Progress
            percent={row.sent ? Math.round((row[s] / row.sent) * 100) : 0}
            size="small"
            style={{ width: 120, margin: 0 }}
          />
        </Space>
      ))}
    </Space>
  );
}

/**
 * The response-rate funnel (sent → opened → started → completed) by survey, channel, unit or touchpoint, for the
 * page's date range and trigger; the counts are the invitations' own (GET /invitations/funnel).
 */
export function FunnelCard(props: {
  groupBy: FunnelGroup;
  onGroupBy: (g: FunnelGroup) => void;
  filters: URLSearchParams;
}) {
  const { t } = useTranslation('reach');
  const phone = usePhone();
  const params = new URLSearchParams(props.filters);
  params.set('groupBy', props.groupBy);
  const funnel = useFunnel(params);
  const rows: Row[] = (funnel.data?.items ?? []).map((i) => ({ ...i, id: i.key ?? '—' }));
  const label = (r: Row) => r.label ?? (r.key ? r.key : t('funnel.none'));
  const rate = (r: Row) => (r.responseRate === null ? '—' : `${r.responseRate.toFixed(1)}%`);

  return (
    <Card size="small" title={t('funnel.title')} style={{ marginBottom: 16 }} data-testid="funnel">
      <Segmented
        size="small"
        value={props.groupBy}
        onChange={(v) => props.onGroupBy(v as FunnelGroup)}
        options={GROUPS.map((g) => ({ value: g, label: t(`funnel.by.${g}`) }))}
        style={{ marginBottom: 12 }}
      />
      {phone ? (
        <Space direction="vertical" style={{ width: '100%' }}>
          {rows.length === 0 && <Typography.Text type="secondary">{t('funnel.empty')}</Typography.Text>}
          {rows.map((r) => (
            <Card size="small" key={r.id} data-testid="funnel-row">
              <Typography.Text strong>{label(r)}</Typography.Text>
              <div>
                <Typography.Text type="secondary">
                  {t('funnel.rate')}: {rate(r)} · {t('funnel.suppressed')} {r.suppressed} · {t('funnel.failed')}{' '}
                  {r.failed}
                </Typography.Text>
              </div>
              <Steps row={r} />
            </Card>
          ))}
        </Space>
      ) : (
        <Table<Row>
          rowKey="id"
          size="small"
          loading={funnel.isLoading}
          dataSource={rows}
          pagination={false}
          locale={{ emptyText: t('funnel.empty') }}
          onRow={() => ({ 'data-testid': 'funnel-row' }) as HTMLAttributes<HTMLElement>}
          columns={[
            { title: t(`funnel.by.${props.groupBy}`), render: (_: unknown, r) => label(r) },
            { title: t('funnel.steps'), render: (_: unknown, r) => <Steps row={r} /> },
            { title: t('funnel.rate'), render: (_: unknown, r) => rate(r) },
            { title: t('funnel.suppressed'), dataIndex: 'suppressed' },
            { title: t('funnel.failed'), dataIndex: 'failed' },
          ]}
        />
      )}
    </Card>
  );
}
