import { Space, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { ResponsiveList } from '../../components/ListPage.tsx';
import { type Connector, type ConnectorRun, useConnectorRuns } from './api.ts';

/** The latest runs of one connector (fetched, stored, duplicates, rejected, the error), as cards on a phone. */
export function RunHistory({ connector }: { connector: Connector }) {
  const { t } = useTranslation('connectors');
  const runs = useConnectorRuns(connector.id);
  const counts = (r: ConnectorRun) =>
    `${t('runs.fetched')} ${r.fetched} · ${t('runs.stored')} ${r.stored} · ${t('runs.duplicates')} ${r.duplicates} · ${t('runs.rejected')} ${r.rejected}`;
  return (
    <ResponsiveList
      query={runs}
      empty={t('runs.none')}
      cardTestId="run-row"
      card={(r) => (
        <Space direction="vertical" size={0}>
          <Space wrap>
            <Tag color={r.status === 'ok' ? 'green' : 'red'}>{t(r.status)}</Tag>
            <span>{t(`runs.triggers.${r.trigger}`)}</span>
            <Typography.Text type="secondary">{new Date(r.startedAt).toLocaleString()}</Typography.Text>
          </Space>
          <span>{counts(r)}</span>
          {r.error && <Typography.Text type="danger">{r.error}</Typography.Text>}
        </Space>
      )}
      table={{
        size: 'small',
        // The API answers the latest 50 runs: all on one page of the drawer (antd's default of 10 per page hid
        // the failed message of two weeks of demo history on page two).
        pagination: { pageSize: 50, hideOnSinglePage: true },
        onRow: () => ({ 'data-testid': 'run-row' }) as never,
      }}
      columns={[
        { title: t('runs.at'), dataIndex: 'startedAt', render: (v: string) => new Date(v).toLocaleString() },
        {
          title: t('runs.trigger'),
          dataIndex: 'trigger',
          render: (v: ConnectorRun['trigger']) => t(`runs.triggers.${v}`),
        },
        {
          title: t('status'),
          dataIndex: 'status',
          render: (v: ConnectorRun['status']) => <Tag color={v === 'ok' ? 'green' : 'red'}>{t(v)}</Tag>,
        },
        { title: t('runs.fetched'), dataIndex: 'fetched' },
        { title: t('runs.stored'), dataIndex: 'stored' },
        { title: t('runs.duplicates'), dataIndex: 'duplicates' },
        { title: t('runs.rejected'), dataIndex: 'rejected' },
        {
          title: t('runs.error'),
          dataIndex: 'error',
          render: (v: string | null) => (v ? <Typography.Text type="danger">{v}</Typography.Text> : '—'),
        },
      ]}
    />
  );
}
