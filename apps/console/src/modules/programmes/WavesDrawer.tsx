import { Descriptions, Empty, List, Space, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { DetailDrawer, usePhone } from '../../components/ListPage.tsx';
import { useTenantTime } from '../../lib/time.ts';
import { type Programme, useWaves, type Wave } from './api.ts';

/** A programme's wave history: members walked, sampled out, sent, suppressed (by reason), failed, completed. */
export function WavesDrawer(props: { programme?: Programme; onClose: () => void }) {
  const { t } = useTranslation('programmes');
  const tt = useTenantTime();
  const phone = usePhone();
  const waves = useWaves(props.programme?.id);
  const reasons = (w: Wave) =>
    Object.entries(w.suppressedBy)
      .map(([r, n]) => `${t(`reason.${r}`, { defaultValue: r })} ${n}`)
      .join(' · ') || '—';
  const kind = (w: Wave) => (
    <Space size={4}>
      <Tag color={w.manual ? 'purple' : 'blue'}>{w.manual ? t('wave.manual') : t('wave.scheduled')}</Tag>
      {!w.finishedAt && <Tag color="processing">{t('wave.running')}</Tag>}
    </Space>
  );
  return (
    <DetailDrawer
      open={!!props.programme}
      title={t('wavesTitle', { name: props.programme?.name ?? '' })}
      width={960}
      onClose={props.onClose}
    >
      {phone ? (
        <List
          loading={waves.isLoading}
          dataSource={waves.data}
          locale={{ emptyText: <Empty description={t('noWaves')} /> }}
          renderItem={(w) => (
            <Descriptions
              data-testid="wave-card"
              size="small"
              bordered
              column={1}
              style={{ marginBottom: 12 }}
              title={
                <Space wrap>
                  {tt.dateTime(w.createdAt)}
                  {kind(w)}
                </Space>
              }
              items={[
                { key: 'a', label: t('wave.audience'), children: w.audience },
                { key: 's', label: t('wave.sent'), children: w.sent },
                { key: 'x', label: t('wave.suppressed'), children: w.suppressed },
                { key: 'r', label: t('wave.reasons'), children: reasons(w) },
                { key: 'f', label: t('wave.failed'), children: w.failed },
                { key: 'c', label: t('wave.completed'), children: w.completed },
                { key: 'o', label: t('wave.sampledOut'), children: w.sampledOut },
              ]}
            />
          )}
        />
      ) : (
        <Table<Wave>
          rowKey="id"
          size="small"
          data-testid="wave-table"
          loading={waves.isLoading}
          dataSource={waves.data}
          pagination={false}
          locale={{ emptyText: <Empty description={t('noWaves')} /> }}
          columns={[
            { title: t('wave.at'), render: (_: unknown, w) => tt.dateTime(w.createdAt), width: 170 },
            { title: t('wave.kind'), render: (_: unknown, w) => kind(w), width: 130 },
            { title: t('wave.audience'), dataIndex: 'audience' },
            { title: t('wave.sampledOut'), dataIndex: 'sampledOut' },
            { title: t('wave.sent'), dataIndex: 'sent' },
            {
              title: t('wave.suppressed'),
              render: (_: unknown, w) => (
                <span>
                  {w.suppressed}
                  {w.suppressed > 0 && <Typography.Text type="secondary"> ({reasons(w)})</Typography.Text>}
                </span>
              ),
            },
            { title: t('wave.failed'), dataIndex: 'failed' },
            { title: t('wave.completed'), dataIndex: 'completed' },
          ]}
        />
      )}
    </DetailDrawer>
  );
}
