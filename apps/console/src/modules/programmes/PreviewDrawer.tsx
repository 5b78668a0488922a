import { Alert, Empty, List, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { DetailDrawer, usePhone } from '../../components/ListPage.tsx';
import { type Preview, type Programme, usePreview } from './api.ts';

type Item = Preview['items'][number];

const COLORS = { send: 'green', suppressed: 'orange', sampled_out: 'default' } as const;

/** The dry run: who a wave started now would invite, who would be suppressed and why (nothing is written). */
export function PreviewDrawer(props: { programme?: Programme; onClose: () => void }) {
  const { t } = useTranslation('programmes');
  const phone = usePhone();
  const preview = usePreview(props.programme?.id);
  const outcome = (i: Item) => (
    <>
      <Tag color={COLORS[i.outcome]}>{t(`outcome.${i.outcome}`)}</Tag>
      {i.reason && (
        <Typography.Text type="secondary">{t(`reason.${i.reason}`, { defaultValue: i.reason })}</Typography.Text>
      )}
    </>
  );
  const who = (i: Item) => i.name ?? i.member ?? i.customerId.slice(0, 8);
  const p = preview.data;
  return (
    <DetailDrawer open={!!props.programme} title={t('previewTitle')} width={720} onClose={props.onClose}>
      {p && (
        <Alert
          data-testid="preview-summary"
          style={{ marginBottom: 12 }}
          type="info"
          message={t('previewSummary', p)}
        />
      )}
      {phone ? (
        <List
          loading={preview.isLoading}
          dataSource={p?.items}
          locale={{ emptyText: <Empty /> }}
          renderItem={(i) => (
            <List.Item data-testid="preview-item">
              <Typography.Text>{who(i)}</Typography.Text>
              <span>{outcome(i)}</span>
            </List.Item>
          )}
        />
      ) : (
        <Table<Item>
          rowKey="customerId"
          size="small"
          loading={preview.isLoading}
          dataSource={p?.items}
          pagination={false}
          columns={[
            { title: t('customer'), render: (_: unknown, i) => who(i) },
            { title: t('result'), render: (_: unknown, i) => outcome(i) },
          ]}
        />
      )}
    </DetailDrawer>
  );
}
