import { App, Input, List, Modal, Radio, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type Customer, useCustomerSearch, useMergeCustomer } from './api.ts';
import { customerLabel } from './shared.ts';

/** Picks another profile (searched by member id, phone, email or name) and merges it into `survivor`. */
export function MergeDialog({
  survivor,
  onClose,
  onMerged,
}: {
  survivor: Customer;
  onClose: () => void;
  /** Besides the refresh of every customer query the merge does. */
  onMerged?: () => void;
}) {
  const { t } = useTranslation('customers');
  const { message } = App.useApp();
  const [q, setQ] = useState('');
  const [otherId, setOtherId] = useState<string>();
  const found = useCustomerSearch(q, survivor.id);
  const merge = useMergeCustomer(survivor.id, {
    onSuccess: () => {
      message.success(t('mergeDone'));
      onMerged?.();
      onClose();
    },
    onError: (err) => message.error(err.message),
  });
  return (
    <Modal
      open
      title={t('merge')}
      onCancel={onClose}
      onOk={() => merge.mutate(otherId)}
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
