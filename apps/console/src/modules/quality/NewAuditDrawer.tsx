import { App, Button, DatePicker, Drawer, Form, Grid, Input, Radio, Select, TreeSelect } from 'antd';
import type { Dayjs } from 'dayjs';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { formErrors } from '../../lib/api.ts';
import { useMe } from '../../lib/me.tsx';
import { toTree, unitName, useOrgUnits } from '../../lib/org.ts';
import { useUsers } from '../users/api.ts';
import { AUDIT_KINDS, useChecklists, useCreateAudit } from './api.ts';
import { checklistOptions, useCanManageQa } from './present.tsx';

interface FormValues {
  checklistId: string;
  orgUnitId: string;
  kind: string;
  inspectorId?: string;
  /** Internal staff, or an external inspector working through the signed link. */
  from: 'internal' | 'external';
  externalName?: string;
  externalEmail?: string;
  dueAt?: Dayjs;
}

/**
 * Assigns an audit: checklist, unit, kind, inspector (default: the caller; or an external one, who gets a signed link)
 * and due date; opens it when created.
 */
export function NewAuditDrawer({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t, i18n } = useTranslation('quality');
  const { message } = App.useApp();
  const me = useMe();
  const phone = !Grid.useBreakpoint().md;
  // Outside HQ quality staff, a unit's people make self-inspections only, done by themselves.
  const manageQa = useCanManageQa();
  const kinds = manageQa ? AUDIT_KINDS : (['self_inspection'] as const);
  const navigate = useNavigate();
  const [form] = Form.useForm<FormValues>();
  const kind = Form.useWatch('kind', form);
  const from = Form.useWatch('from', form);
  // A self-inspection is the unit's own; only HQ's audits may go to an external inspector.
  const external = manageQa && kind !== 'self_inspection' && from === 'external';
  const checklists = useChecklists();
  const units = useOrgUnits();
  const users = useUsers('', { enabled: open && me.can('users.read') });
  const tree = useMemo(() => toTree(units.data ?? [], (u) => unitName(u, i18n.language)), [units.data, i18n.language]);
  const create = useCreateAudit({
    onSuccess: (a) => {
      message.success(t('au.created'));
      form.resetFields();
      onClose();
      navigate(`/quality/audits/${a.id}`);
    },
    onError: (err) => {
      form.setFields(formErrors(err) as never);
      message.error(err.message);
    },
  });
  return (
    <Drawer
      open={open}
      onClose={onClose}
      width={phone ? '100%' : 480}
      title={t('au.new')}
      forceRender
      extra={
        <Button type="primary" loading={create.isPending} onClick={() => form.submit()} data-testid="audit-create">
          {t('core:common.create')}
        </Button>
      }
    >
      <Form<FormValues>
        form={form}
        layout="vertical"
        initialValues={{ kind: manageQa ? 'mystery_shop' : 'self_inspection', from: 'internal' }}
        onFinish={(v) =>
          create.mutate({
            checklistId: v.checklistId,
            orgUnitId: v.orgUnitId,
            kind: v.kind,
            ...(external
              ? { external: { name: v.externalName ?? '', ...(v.externalEmail ? { email: v.externalEmail } : {}) } }
              : v.inspectorId
                ? { inspectorId: v.inspectorId }
                : {}),
            ...(v.dueAt ? { dueAt: v.dueAt.endOf('day').toISOString() } : {}),
          })
        }
      >
        <Form.Item name="checklistId" label={t('au.checklist')} rules={[{ required: true }]}>
          <Select
            showSearch
            optionFilterProp="label"
            loading={checklists.isLoading}
            options={checklistOptions(checklists.data)}
          />
        </Form.Item>
        <Form.Item name="orgUnitId" label={t('au.unit')} rules={[{ required: true }]}>
          <TreeSelect treeData={tree} showSearch treeNodeFilterProp="title" treeDefaultExpandAll />
        </Form.Item>
        <Form.Item name="kind" label={t('au.kind')} rules={[{ required: true }]}>
          <Select options={kinds.map((k) => ({ value: k, label: t(`kind.${k}`) }))} disabled={!manageQa} />
        </Form.Item>
        <Form.Item name="from" label={t('au.inspectorType')} hidden={!manageQa || kind === 'self_inspection'}>
          <Radio.Group
            optionType="button"
            options={[
              { value: 'internal', label: t('au.internal') },
              { value: 'external', label: t('au.external') },
            ]}
          />
        </Form.Item>
        {external && (
          <>
            <Form.Item
              name="externalName"
              label={t('au.externalName')}
              extra={t('au.externalNameHelp')}
              rules={[{ required: true, whitespace: true, max: 120 }]}
            >
              <Input maxLength={120} data-testid="audit-external-name" />
            </Form.Item>
            <Form.Item name="externalEmail" label={t('au.externalEmail')} rules={[{ type: 'email', max: 254 }]}>
              <Input type="email" maxLength={254} />
            </Form.Item>
          </>
        )}
        <Form.Item
          name="inspectorId"
          label={t('au.inspector')}
          extra={t('au.inspectorHelp')}
          hidden={!manageQa || external}
        >
          <Select
            allowClear
            showSearch
            optionFilterProp="label"
            disabled={!me.can('users.read')}
            options={(users.data ?? []).map((u) => ({ value: u.id, label: u.name }))}
          />
        </Form.Item>
        <Form.Item name="dueAt" label={t('au.due')}>
          <DatePicker style={{ width: '100%' }} />
        </Form.Item>
      </Form>
    </Drawer>
  );
}
