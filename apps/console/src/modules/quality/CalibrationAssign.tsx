import { App, Button, Card, Select, Space, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { useMe } from '../../lib/me.tsx';
import { useUsers } from '../users/api.ts';
import type { Audit } from './api.ts';
import { useAssignCalibration } from './calibration-api.ts';
import { useCanManageQa } from './present.tsx';

/** Roles that may inspect (ABILITIES['inspections.write']); the server checks the partner's scope too. */
const INSPECTOR_ROLES = new Set(['owner', 'admin', 'analyst', 'manager']);

/**
 * An audit's calibration on its page: the audit it calibrates, its partner, or — for QA staff — the action to
 * assign a second inspector to the same visit.
 */
export function CalibrationAssign({ audit }: { audit: Audit }) {
  const { t } = useTranslation('quality');
  const { message } = App.useApp();
  const me = useMe();
  const manageQa = useCanManageQa();
  const [inspectorId, setInspectorId] = useState<string>();
  const canAssign =
    manageQa &&
    !audit.calibrationOf &&
    !audit.calibrationPartnerId &&
    audit.kind !== 'self_inspection' &&
    audit.status !== 'cancelled';
  const users = useUsers('', { enabled: canAssign && me.can('users.read') });
  const assign = useAssignCalibration(audit.id, {
    onSuccess: () => message.success(t('cal.assigned')),
    onError: (e) => message.error(e.message),
  });
  if (audit.calibrationOf)
    return (
      <Typography.Text data-testid="calibration-of">
        {t('cal.partnerOf')} <Link to={`/quality/audits/${audit.calibrationOf}`}>{t('cal.original')}</Link>
      </Typography.Text>
    );
  if (audit.calibrationPartnerId)
    return (
      <Typography.Text data-testid="calibration-partner">
        {t('cal.hasPartner')} <Link to={`/quality/audits/${audit.calibrationPartnerId}`}>{t('cal.partner')}</Link>
      </Typography.Text>
    );
  if (!canAssign) return null;
  return (
    <Card size="small" title={t('cal.assign')} style={{ marginBottom: 12 }}>
      <Space wrap style={{ width: '100%' }}>
        <Select
          style={{ minWidth: 220 }}
          showSearch
          optionFilterProp="label"
          placeholder={t('cal.pickInspector')}
          value={inspectorId}
          onChange={setInspectorId}
          data-testid="calibration-inspector"
          options={(users.data ?? [])
            .filter((u) => u.id !== audit.inspectorId && INSPECTOR_ROLES.has(u.role))
            .map((u) => ({ value: u.id, label: u.name }))}
        />
        <Button
          type="primary"
          disabled={!inspectorId}
          loading={assign.isPending}
          data-testid="calibration-assign"
          onClick={() => inspectorId && assign.mutate({ inspectorId })}
        >
          {t('cal.assignButton')}
        </Button>
      </Space>
      <Typography.Paragraph type="secondary" style={{ fontSize: 12, margin: '8px 0 0' }}>
        {t('cal.assignHelp')}
      </Typography.Paragraph>
    </Card>
  );
}
