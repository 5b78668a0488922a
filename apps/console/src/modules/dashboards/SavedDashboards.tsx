import { DeleteOutlined, SaveOutlined, ShareAltOutlined } from '@ant-design/icons';
import type { TDashboardConfig, TSavedDashboardResponse } from '@loopcx/shared';
import { App, Button, Popconfirm, Select, Space, Tooltip } from 'antd';
import { lazy, Suspense, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMe } from '../../lib/me.tsx';
import { useDeleteDashboard, useSavedDashboards, useShareDashboard } from './api.ts';

const SaveDashboardDialog = lazy(() => import('./SaveDashboardDialog.tsx'));

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
  const list = useSavedDashboards();
  const chosen = list.data?.find((d) => d.id === selected);
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
        <Button icon={<SaveOutlined />} onClick={() => setOpen(true)}>
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
      {open && (
        <Suspense fallback={null}>
          <SaveDashboardDialog chosen={chosen} current={current} onClose={() => setOpen(false)} onSaved={onApply} />
        </Suspense>
      )}
    </Space>
  );
}
