import type { TAuditPlanPatch } from '@loopcx/shared';
import {
  Alert,
  App,
  Button,
  DatePicker,
  Drawer,
  Form,
  Grid,
  Input,
  InputNumber,
  Radio,
  Select,
  Switch,
  TreeSelect,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { formErrors } from '../../lib/api.ts';
import { useMe } from '../../lib/me.tsx';
import { toTree, unitName, useOrgUnits } from '../../lib/org.ts';
import { useUsers } from '../users/api.ts';
import { AUDIT_KINDS, useChecklists } from './api.ts';
import { type PlanShape, planSummary, WEEKDAYS } from './PlansSummary.tsx';
import { type AuditPlan, type NewAuditPlan, useSavePlan } from './plans-api.ts';
import { checklistOptions } from './present.tsx';

interface FormValues {
  name: string;
  kind: AuditPlan['kind'];
  checklistId: string;
  rootUnitId: string;
  unitKind?: string;
  every: 'once' | 'weekly' | 'monthly';
  day?: number;
  weekday?: number;
  at?: Dayjs;
  mode: 'all' | 'sample';
  size?: number;
  stratify?: 'region' | 'none';
  assignee: 'internal' | 'external' | 'unit';
  userId?: string;
  externalName?: string;
  externalEmail?: string;
  dueDays: number;
  active: boolean;
}

function toValues(p: AuditPlan): FormValues {
  const s = p.schedule;
  const a = p.assignee;
  return {
    name: p.name,
    kind: p.kind,
    checklistId: p.checklistId,
    rootUnitId: p.rootUnit.id,
    unitKind: p.unitKind,
    every: s.every,
    day: s.every === 'monthly' ? s.day : 1,
    weekday: s.every === 'weekly' ? s.weekday : 1,
    at: s.every === 'once' && s.at ? dayjs(s.at) : undefined,
    mode: p.sample.mode,
    size: p.sample.mode === 'sample' ? p.sample.size : 4,
    stratify: p.sample.mode === 'sample' ? p.sample.stratify : 'region',
    assignee: a.type,
    userId: a.type === 'internal' ? a.userId : undefined,
    externalName: a.type === 'external' ? a.name : undefined,
    externalEmail: a.type === 'external' ? a.email : undefined,
    dueDays: p.dueDays,
    active: p.active,
  };
}

const DEFAULTS: Partial<FormValues> = {
  kind: 'mystery_shop',
  every: 'monthly',
  day: 1,
  weekday: 1,
  mode: 'sample',
  size: 4,
  stratify: 'region',
  assignee: 'external',
  dueDays: 7,
  active: true,
};

/** The body the API takes from the drawer's values. */
function toBody(v: FormValues): NewAuditPlan {
  return {
    name: v.name,
    kind: v.kind,
    checklistId: v.checklistId,
    rootUnitId: v.rootUnitId,
    ...(v.unitKind ? { unitKind: v.unitKind } : {}),
    schedule:
      v.every === 'monthly'
        ? { every: 'monthly', day: v.day ?? 1 }
        : v.every === 'weekly'
          ? { every: 'weekly', weekday: v.weekday ?? 1 }
          : { every: 'once', ...(v.at ? { at: v.at.toISOString() } : {}) },
    sample:
      v.mode === 'all' ? { mode: 'all' } : { mode: 'sample', size: v.size ?? 1, stratify: v.stratify ?? 'region' },
    assignee:
      v.assignee === 'internal'
        ? { type: 'internal', userId: v.userId ?? '' }
        : v.assignee === 'external'
          ? { type: 'external', name: v.externalName ?? '', ...(v.externalEmail ? { email: v.externalEmail } : {}) }
          : { type: 'unit' },
    dueDays: v.dueDays,
    active: v.active,
  };
}

/** Creates a plan (`plan` = 'new') or edits one: schedule, sample, assignee, due days, with a live summary. */
export function PlansDrawer({ plan, onClose }: { plan: AuditPlan | 'new' | null; onClose: () => void }) {
  const { t, i18n } = useTranslation('quality');
  const { message } = App.useApp();
  const me = useMe();
  const phone = !Grid.useBreakpoint().md;
  const navigate = useNavigate();
  const [form] = Form.useForm<FormValues>();
  const open = plan !== null;
  const checklists = useChecklists();
  const units = useOrgUnits();
  const users = useUsers('', { enabled: open && me.can('users.read') });
  const tree = useMemo(() => toTree(units.data ?? [], (u) => unitName(u, i18n.language)), [units.data, i18n.language]);
  const values = Form.useWatch([], form) as FormValues | undefined;
  useEffect(() => {
    if (!open) return;
    form.resetFields();
    form.setFieldsValue(plan === 'new' ? DEFAULTS : toValues(plan));
  }, [open, plan, form]);
  const save = useSavePlan({
    onSuccess: (p) => {
      message.success(t('plans.saved'));
      onClose();
      if (plan === 'new') navigate(`/quality/plans/${p.id}`);
    },
    onError: (err) => {
      form.setFields(formErrors(err) as never);
      message.error(err.message);
    },
  });
  const checklist = checklists.data?.find((c) => c.id === values?.checklistId);
  const kindsOfUnits = [...new Set((units.data ?? []).map((u) => u.kind))];
  const unitKinds = checklist?.unitKinds.length ? checklist.unitKinds : kindsOfUnits;
  const root = units.data?.find((u) => u.id === values?.rootUnitId);
  const preview: PlanShape | null = values?.every
    ? (() => {
        const b = toBody(values);
        return {
          ...b,
          sample: b.sample.mode === 'all' ? b.sample : { ...b.sample, stratify: b.sample.stratify ?? 'region' },
          unitKind: values.unitKind ?? unitKinds[0] ?? 'store',
          assignee:
            b.assignee.type === 'internal'
              ? { ...b.assignee, name: users.data?.find((u) => u.id === values.userId)?.name ?? null }
              : b.assignee,
          dueDays: values.dueDays ?? 7,
          rootUnit: root ? { name: root.name, nameEn: root.nameEn ?? null } : null,
        };
      })()
    : null;
  const submit = (v: FormValues) => {
    const body = toBody(v);
    save.mutate(plan && plan !== 'new' ? { id: plan.id, body: body as TAuditPlanPatch } : { body });
  };
  return (
    <Drawer
      open={open}
      onClose={onClose}
      width={phone ? '100%' : 520}
      title={plan === 'new' ? t('plans.new') : t('plans.edit')}
      forceRender
      extra={
        <Button type="primary" loading={save.isPending} onClick={() => form.submit()} data-testid="plan-save">
          {t('core:common.save')}
        </Button>
      }
    >
      {preview && (
        <Alert
          type="info"
          style={{ marginBottom: 12 }}
          message={planSummary(preview, t, i18n.language)}
          data-testid="plan-preview"
        />
      )}
      <Form<FormValues> form={form} layout="vertical" onFinish={submit} initialValues={DEFAULTS}>
        <Form.Item name="name" label={t('plans.name')} rules={[{ required: true, max: 120 }]}>
          <Input data-testid="plan-name-input" />
        </Form.Item>
        <Form.Item name="kind" label={t('au.kind')} rules={[{ required: true }]}>
          <Select options={AUDIT_KINDS.map((k) => ({ value: k, label: t(`kind.${k}`) }))} />
        </Form.Item>
        <Form.Item name="checklistId" label={t('au.checklist')} rules={[{ required: true }]}>
          <Select
            showSearch
            optionFilterProp="label"
            loading={checklists.isLoading}
            options={checklistOptions(checklists.data)}
          />
        </Form.Item>
        <Form.Item name="rootUnitId" label={t('plans.root')} extra={t('plans.rootHelp')} rules={[{ required: true }]}>
          <TreeSelect treeData={tree} showSearch treeNodeFilterProp="title" treeDefaultExpandAll />
        </Form.Item>
        <Form.Item name="unitKind" label={t('plans.unitKind')}>
          <Select allowClear placeholder={unitKinds[0]} options={unitKinds.map((k) => ({ value: k, label: k }))} />
        </Form.Item>
        <Form.Item name="every" label={t('plans.schedule')}>
          <Radio.Group
            optionType="button"
            options={(['monthly', 'weekly', 'once'] as const).map((v) => ({ value: v, label: t(`plans.every.${v}`) }))}
          />
        </Form.Item>
        {values?.every === 'monthly' && (
          <Form.Item name="day" label={t('plans.day')} rules={[{ required: true }]}>
            <InputNumber min={1} max={28} precision={0} />
          </Form.Item>
        )}
        {values?.every === 'weekly' && (
          <Form.Item name="weekday" label={t('plans.weekdayLabel')} rules={[{ required: true }]}>
            <Select options={WEEKDAYS.map((d, i) => ({ value: i + 1, label: t(`plans.weekday.${d}`) }))} />
          </Form.Item>
        )}
        {values?.every === 'once' && (
          <Form.Item name="at" label={t('plans.at')} extra={t('plans.atHelp')}>
            <DatePicker showTime style={{ width: '100%' }} />
          </Form.Item>
        )}
        <Form.Item name="mode" label={t('plans.sample')}>
          <Radio.Group
            optionType="button"
            options={[
              { value: 'sample', label: t('plans.mode.sample') },
              { value: 'all', label: t('plans.mode.all') },
            ]}
          />
        </Form.Item>
        {values?.mode === 'sample' && (
          <>
            <Form.Item name="size" label={t('plans.size')} rules={[{ required: true }]}>
              <InputNumber min={1} max={500} precision={0} />
            </Form.Item>
            <Form.Item name="stratify" label={t('plans.stratify')}>
              <Select
                options={[
                  { value: 'region', label: t('plans.stratifyRegion') },
                  { value: 'none', label: t('plans.stratifyNone') },
                ]}
              />
            </Form.Item>
          </>
        )}
        <Form.Item name="assignee" label={t('plans.assigneeLabel')}>
          <Radio.Group
            options={(['external', 'internal', 'unit'] as const).map((v) => ({
              value: v,
              label: t(`plans.assignee.${v}`),
              disabled: (v === 'unit') !== (values?.kind === 'self_inspection') && v !== 'internal',
            }))}
          />
        </Form.Item>
        {values?.assignee === 'internal' && (
          <Form.Item name="userId" label={t('au.inspector')} rules={[{ required: true }]}>
            <Select
              showSearch
              optionFilterProp="label"
              disabled={!me.can('users.read')}
              options={(users.data ?? []).map((u) => ({ value: u.id, label: u.name }))}
            />
          </Form.Item>
        )}
        {values?.assignee === 'external' && (
          <>
            <Form.Item name="externalName" label={t('plans.externalName')} rules={[{ required: true, max: 120 }]}>
              <Input />
            </Form.Item>
            <Form.Item name="externalEmail" label={t('plans.externalEmail')} rules={[{ type: 'email' }]}>
              <Input />
            </Form.Item>
          </>
        )}
        <Form.Item name="dueDays" label={t('plans.dueDays')} rules={[{ required: true }]}>
          <InputNumber min={1} max={90} precision={0} />
        </Form.Item>
        <Form.Item name="active" label={t('plans.active')} valuePropName="checked">
          <Switch />
        </Form.Item>
      </Form>
    </Drawer>
  );
}
