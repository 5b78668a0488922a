import { useMutation, useQuery } from '@tanstack/react-query';
import { App, Input, List, Modal, Radio, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../lib/api.ts';
import { type Customer, customerLabel } from './shared.ts';

/** Picks another profile (searched by member id, phone, email or name) and merges it into `survivor`. */
export function MergeDialog({
  survivor,
  onClose,
  onMerged,
}: {
  survivor: Customer;
  onClose: () => void;
  onMerged: () => void;
}) {
  const { t } = useTranslation('customers');
  const { message } = App.useApp();
  const [q, setQ] = useState('');
  const [otherId, setOtherId] = useState<string>();
  const found = useQuery({
    queryKey: ['customers', 'merge-search', q],
    enabled: q.length > 0,
    queryFn: () =>
      api<{ items: Customer[] }>(`customers?q=${encodeURIComponent(q)}&limit=10`).then((r) =>
        r.items.filter((c) => c.id !== survivor.id),
      ),
  });
  const merge = useMutation({
    mutationFn: () => api(`customers/${survivor.id}/merge`, { body: { otherId } }),
    onSuccess: () => {
      message.success(t('mergeDone'));
      onMerged();
      onClose();
    },
    onError: (err) => message.error((err as Error).message),
  });
  return (
    <Modal
      open
      title={t('merge')}
      onCancel={onClose}
      onOk={() => merge.mutate()}
      okText={t('mergeConfirm')}
      okButtonProps={{ disabled: !otherId, danger: true }}
      confirmLoading={merge.isPending}
      destroyOnHidden
    >
      <Typography.Paragraph type="secondary">{t('mergeHelp')}</Typography.Paragraph>
      <Input.Search
        placeholder={t('mergeFind')}
        onSearch={(v) => setQ(v.trim())}
        allowClear
        data-testid="merge-search"
      />
      <Radio.Group value={otherId} onChange={(e) => setOtherId(e.target.value)} style={{ width: '100%' }}>
        <List
          loading={found.isFetching}
          dataSource={found.data ?? []}
          renderItem={(c) => (
            <List.Item>
              <Radio value={c.id}>
                {customerLabel(c)}{' '}
                {c.identities.map((i) => (
                  <Tag key={`${i.kind}${i.display}`}>
                    {t(`kind.${i.kind}`)}: {i.display}
                  </Tag>
                ))}
              </Radio>
            </List.Item>
          )}
        />
      </Radio.Group>
    </Modal>
  );
}
