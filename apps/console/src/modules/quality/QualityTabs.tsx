import { Grid, Segmented, Select, Space, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocation, useNavigate } from 'react-router-dom';
import { useMe } from '../../lib/me.tsx';
import { useCanManageQa } from './present.tsx';

/**
 * The heading of the service-QA pages: its title, the switch between its pages, actions. Seven pages do not fit a
 * phone's width as a segmented control, so a phone gets a select.
 */
export function QualityTabs({ extra }: { extra?: ReactNode }) {
  const { t } = useTranslation('quality');
  const me = useMe();
  const manageQa = useCanManageQa();
  const navigate = useNavigate();
  const { pathname } = useLocation();
  const phone = !Grid.useBreakpoint().md;
  const current =
    (['checklists', 'indicators', 'calibration', 'plans', 'blueprints', 'training'] as const).find((k) =>
      pathname.startsWith(`/quality/${k}`),
    ) ?? 'audits';
  const tabs = [
    { value: 'audits', label: t('tabs.audits') },
    { value: 'checklists', label: t('tabs.checklists') },
    { value: 'blueprints', label: t('blueprints:tab') },
    ...(me.can('metrics.read') ? [{ value: 'indicators', label: t('tabs.indicators') }] : []),
    { value: 'calibration', label: t('tabs.calibration') },
    ...(manageQa ? [{ value: 'plans', label: t('tabs.plans') }] : []),
    { value: 'training', label: t('training.tab') },
  ];
  return (
    <Space wrap style={{ marginBottom: 12 }} align="center">
      <Typography.Title level={4} style={{ margin: 0 }}>
        {t('title')}
      </Typography.Title>
      {phone ? (
        <Select
          value={current}
          options={tabs}
          onChange={(v) => navigate(`/quality/${v}`)}
          style={{ minWidth: 140 }}
          popupMatchSelectWidth={false}
          data-testid="quality-tabs"
        />
      ) : (
        <Segmented
          value={current}
          options={tabs}
          onChange={(v) => navigate(`/quality/${v}`)}
          data-testid="quality-tabs"
        />
      )}
      {extra}
    </Space>
  );
}
