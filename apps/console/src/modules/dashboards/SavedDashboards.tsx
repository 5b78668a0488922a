import { DeleteOutlined, SaveOutlined, ShareAltOutlined } from '@ant-design/icons';
import type { TDashboardConfig, TSavedDashboardResponse } from '@loopcx/shared';
import { App, Button, Checkbox, Form, Input, Modal, Popconfirm, Select, Space, Tooltip } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formErrors } from '../../lib/api.ts';
import { useMe } from '../../lib/me.tsx';
import { useDeleteDashboard, useSaveDashboard, useSavedDashboards, useShareDashboard } from './api.ts';

/**
 * Saved views of the dashboard: pick one (yours or shared in the tenant), save the current view, share or
 * unshare it, delete it. A shared view opens for each viewer on their own unit when its unit is outside their scope.
 */
export function SavedDashboards({
  selected,
  current,
  onApply,
}: {
  selected: string | undefined;
  current: () => TDashboardConfig;
  onApply: (d: TSavedDashboardResponse) => void;
}) {
  const { t } = useTranslation('dashboards');
  const me = useMe();
  const { message } = App.useApp();
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm();
  const list = useSavedDashboards();
  const chosen = list.data?.find((d) => d.id === selected);
  const save = useSaveDashboard({
    onSuccess: (d) => {
      setOpen(false);
      message.success(t('core:common.saved'));
      onApply(d);
    },
    onError: (err) => {
      form.setFields(formErrors(err));
      message.error(err.message);
    },
  });
  const share = useShareDashboard({ onError: (err) => message.error(err.message) });
  const remove = useDeleteDashboard({ onError: (err) => message.error(err.message) });
  const canWrite = me.can('dashboards.write');
  const canDelete = chosen && (chosen.mine || (chosen.shared && me.can('users.write')));

  return (
    <Space wrap size={4}>
      <Select
        style={{ minWidth: 200 }}
        allowClear
        placeholder={t('saved.pick')}
        value={selected}
        loading={list.isLoading}
        data-testid="saved-dashboards"
        onChange={(id) => {
          const d = list.data?.find((x) => x.id === id);
          if (d) onApply(d);
        }}
        options={[
          {
            label: t('saved.mine'),
            options: (list.data ?? [])
              .filter((d) => d.mine)
              .map((d) => ({ value: d.id, label: `${d.name}${d.shared ? ` · ${t('saved.sharedTag')}` : ''}` })),
          },
          {
            label: t('saved.shared'),
            options: (list.data ?? [])
              .filter((d) => !d.mine)
              .map((d) => ({ value: d.id, label: `${d.name} · ${d.owner.name}` })),
          },
        ]}
      />
      {canWrite && (
        <Button
          icon={<SaveOutlined />}
          onClick={() => {
            form.setFieldsValue({
              name: chosen?.mine ? chosen.name : '',
              shared: chosen?.mine ? chosen.shared : false,
              overwrite: !!chosen?.mine,
            });
            setOpen(true);
          }}
        >
          {t('saved.save')}
        </Button>
      )}
      {chosen?.mine && (
        <Tooltip title={chosen.shared ? t('saved.unshare') : t('saved.share')}>
          <Button
            icon={<ShareAltOutlined />}
            type={chosen.shared ? 'primary' : 'default'}
            onClick={() => share.mutate(chosen)}
            aria-label={t('saved.share')}
          />
        </Tooltip>
      )}
      {canDelete && (
        <Popconfirm title={t('saved.deleteConfirm', { name: chosen.name })} onConfirm={() => remove.mutate(chosen.id)}>
          <Button danger icon={<DeleteOutlined />} aria-label={t('core:common.delete')} />
        </Popconfirm>
      )}
      <Modal
        open={open}
        title={t('saved.save')}
        onCancel={() => setOpen(false)}
        onOk={() => form.submit()}
        confirmLoading={save.isPending}
        destroyOnHidden
      >
        <Form
          form={form}
          layout="vertical"
          onFinish={(v: { name: string; shared?: boolean; overwrite?: boolean }) =>
            save.mutate({
              id: v.overwrite && chosen?.mine ? chosen.id : undefined,
              body: { name: v.name, shared: !!v.shared, config: current() },
            })
          }
        >
          <Form.Item name="name" label={t('core:common.name')} rules={[{ required: true, max: 200 }]}>
            <Input />
          </Form.Item>
          <Form.Item name="shared" valuePropName="checked">
            <Checkbox>{t('saved.shareHint')}</Checkbox>
          </Form.Item>
          {chosen?.mine && (
            <Form.Item name="overwrite" valuePropName="checked">
              <Checkbox>{t('saved.overwrite', { name: chosen.name })}</Checkbox>
            </Form.Item>
          )}
        </Form>
      </Modal>
    </Space>
  );
}
