import {
  NBA_ACTION_TYPES,
  NBA_CONDITION_KINDS,
  type TNbaCondition,
  type TNbaRule,
  type TNbaRuleInput,
} from '@loopcx/shared';
import { App, Button, Card, Drawer, Form, Input, InputNumber, Radio, Select, Space, Switch, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../lib/api.ts';
import { useSegments, useTiers } from '../customers/api.ts';
import { useEventTypes } from '../events/api.ts';
import { useProducts } from '../products/api.ts';
import { useTaxonomy } from '../text/api.ts';
import { usePreview, useSaveRule } from './api.ts';

type Kind = TNbaCondition['kind'];

/** A condition's fields with the defaults a new one of `kind` starts from. */
function blank(kind: Kind): TNbaCondition {
  switch (kind) {
    case 'segment':
      return { kind, segmentId: '' };
    case 'tier':
      return { kind, tiers: [] };
    case 'tag':
      return { kind, tag: '', present: true };
    case 'lastScore':
      return { kind, metric: 'nps', op: 'lte', value: 6, withinDays: 30 };
    case 'sentiment':
      return { kind, sentiment: 'negative', withinDays: 30 };
    case 'topic':
      return { kind, topicId: '', negativeOnly: true, withinDays: 30 };
    case 'openTicket':
      return { kind, open: true };
    case 'holdsProduct':
      return { kind, productId: '', held: true };
  }
}

/** One condition's editor: the kind, then the fields of that kind. */
function ConditionEditor({ value, onChange }: { value: TNbaCondition; onChange: (c: TNbaCondition) => void }) {
  const { t, i18n } = useTranslation('nba');
  const segments = useSegments();
  const tiers = useTiers();
  const taxonomy = useTaxonomy();
  const products = useProducts({});
  const set = (patch: Record<string, unknown>) => onChange({ ...value, ...patch } as TNbaCondition);
  const days = (v: { withinDays: number }) => (
    <InputNumber
      min={1}
      max={365}
      value={v.withinDays}
      onChange={(n) => set({ withinDays: n ?? 30 })}
      addonAfter={t('form.withinDays')}
      style={{ width: 170 }}
    />
  );
  return (
    <Space wrap size={6} style={{ width: '100%' }}>
      {value.kind === 'segment' && (
        <Select
          style={{ minWidth: 200 }}
          placeholder={t('form.segment')}
          value={value.segmentId || undefined}
          onChange={(segmentId) => set({ segmentId })}
          options={(segments.data ?? []).map((s) => ({ value: s.id, label: s.name }))}
        />
      )}
      {value.kind === 'holdsProduct' && (
        <>
          <Select
            showSearch
            optionFilterProp="label"
            style={{ minWidth: 180 }}
            placeholder={t('form.product')}
            value={value.productId || undefined}
            onChange={(productId) => set({ productId })}
            options={(products.data?.items ?? []).map((p) => ({ value: p.id, label: `${p.name} (${p.code})` }))}
          />
          <Radio.Group
            value={value.held ?? true}
            onChange={(e) => set({ held: e.target.value })}
            options={[
              { value: true, label: t('form.held') },
              { value: false, label: t('form.notHeld') },
            ]}
          />
        </>
      )}
      {value.kind === 'tier' && (
        <Select
          mode="multiple"
          style={{ minWidth: 200 }}
          placeholder={t('form.tiers')}
          value={value.tiers}
          onChange={(list) => set({ tiers: list })}
          options={(tiers.data?.scheme?.tiers ?? []).map((x) => ({ value: x.name, label: x.name }))}
        />
      )}
      {value.kind === 'tag' && (
        <>
          <Input
            style={{ width: 160 }}
            maxLength={40}
            placeholder={t('form.tag')}
            value={value.tag}
            onChange={(e) => set({ tag: e.target.value })}
          />
          <Radio.Group
            value={value.present ?? true}
            onChange={(e) => set({ present: e.target.value })}
            options={[
              { value: true, label: t('form.present') },
              { value: false, label: t('form.absent') },
            ]}
          />
        </>
      )}
      {value.kind === 'lastScore' && (
        <>
          <Select
            style={{ width: 90 }}
            value={value.metric}
            onChange={(metric) => set({ metric })}
            options={['nps', 'csat', 'ces'].map((m) => ({ value: m, label: m.toUpperCase() }))}
          />
          <Select
            style={{ width: 70 }}
            value={value.op}
            onChange={(op) => set({ op })}
            options={(['lt', 'lte', 'eq', 'gte', 'gt'] as const).map((o) => ({ value: o, label: t(`ops.${o}`) }))}
          />
          <InputNumber min={0} max={10} value={value.value} onChange={(n) => set({ value: n ?? 0 })} />
          {days(value)}
        </>
      )}
      {value.kind === 'sentiment' && (
        <>
          <Select
            style={{ width: 110 }}
            value={value.sentiment ?? 'negative'}
            onChange={(sentiment) => set({ sentiment })}
            options={(['negative', 'positive'] as const).map((s) => ({ value: s, label: t(`sentiments.${s}`) }))}
          />
          {days(value)}
        </>
      )}
      {value.kind === 'topic' && (
        <>
          <Select
            showSearch
            optionFilterProp="label"
            style={{ minWidth: 180 }}
            placeholder={t('form.topic')}
            value={value.topicId || undefined}
            onChange={(topicId) => set({ topicId })}
            options={(taxonomy.data?.topics ?? []).map((x) => ({
              value: x.id,
              label: i18n.language === 'en' && x.nameEn ? x.nameEn : x.name,
            }))}
          />
          <Space size={4}>
            <Switch
              size="small"
              checked={value.negativeOnly ?? false}
              onChange={(negativeOnly) => set({ negativeOnly })}
            />
            {t('form.negativeOnly')}
          </Space>
          {days(value)}
        </>
      )}
      {value.kind === 'openTicket' && (
        <Radio.Group
          value={value.open}
          onChange={(e) => set({ open: e.target.value })}
          options={[
            { value: true, label: t('form.open') },
            { value: false, label: t('form.notOpen') },
          ]}
        />
      )}
    </Space>
  );
}

interface FormValues {
  name: string;
  enabled: boolean;
  actionType: TNbaRuleInput['action']['type'];
  label: string;
  reasonCode: string;
  details: string;
  holdoutPct: number;
  eventType: string;
  withinDays: number;
  cooldownDays: number;
}

/** The rule editor: name, the conditions builder with a live "how many match" count, action, holdout, outcome. */
export function RuleDrawer({ rule, open, onClose }: { rule?: TNbaRule; open: boolean; onClose: () => void }) {
  const { t } = useTranslation('nba');
  const { message } = App.useApp();
  const [form] = Form.useForm<FormValues>();
  const [conditions, setConditions] = useState<TNbaCondition[]>(rule?.conditions ?? []);
  const [asked, setAsked] = useState(false);
  const preview = usePreview(conditions, asked);
  const eventTypes = useEventTypes();
  const save = useSaveRule(rule?.id, {
    onSuccess: () => {
      message.success(t('saved'));
      onClose();
    },
    onError: (err) => {
      const params = err instanceof ApiError ? err.invalidParams : undefined;
      message.error(
        params?.length ? `${err.message}: ${params.map((p) => `${p.name} ${p.reason}`).join('; ')}` : err.message,
      );
    },
  });
  const submit = (v: FormValues) =>
    save.mutate({
      name: v.name,
      enabled: v.enabled,
      conditions,
      action: { type: v.actionType, label: v.label, reasonCode: v.reasonCode, details: v.details ?? '' },
      holdoutPct: v.holdoutPct,
      outcome: { eventType: v.eventType, withinDays: v.withinDays },
      cooldownDays: v.cooldownDays,
    });
  return (
    <Drawer
      open={open}
      onClose={onClose}
      title={rule?.name ?? t('newRule')}
      width="min(640px, 100vw)"
      destroyOnHidden
      extra={
        <Space>
          <Button onClick={onClose}>{t('form.cancel')}</Button>
          <Button type="primary" loading={save.isPending} onClick={() => form.submit()} data-testid="nba-save">
            {t('form.save')}
          </Button>
        </Space>
      }
    >
      <Form<FormValues>
        form={form}
        layout="vertical"
        onFinish={submit}
        initialValues={{
          name: rule?.name ?? '',
          enabled: rule?.enabled ?? true,
          actionType: rule?.action.type ?? 'service_call',
          label: rule?.action.label ?? '',
          reasonCode: rule?.action.reasonCode ?? '',
          details: rule?.action.details ?? '',
          holdoutPct: rule?.holdoutPct ?? 10,
          eventType: rule?.outcome.eventType ?? 'order.completed',
          withinDays: rule?.outcome.withinDays ?? 14,
          cooldownDays: rule?.cooldownDays ?? 30,
        }}
      >
        <Form.Item name="name" label={t('form.name')} rules={[{ required: true, max: 100 }]}>
          <Input maxLength={100} data-testid="nba-name" />
        </Form.Item>
        <Form.Item name="enabled" label={t('enabled')} valuePropName="checked">
          <Switch />
        </Form.Item>
        <Typography.Text strong>{t('form.conditions')}</Typography.Text>
        <Space direction="vertical" style={{ width: '100%', margin: '8px 0 12px' }} size={6}>
          {conditions.map((c, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: conditions have no identity but their place in the list
            <Card key={i} size="small" styles={{ body: { padding: 8 } }}>
              <Space wrap size={6} style={{ width: '100%' }}>
                <Select
                  style={{ width: 120 }}
                  value={c.kind}
                  onChange={(kind: Kind) => setConditions(conditions.map((x, j) => (j === i ? blank(kind) : x)))}
                  options={NBA_CONDITION_KINDS.map((k) => ({ value: k, label: t(`kinds.${k}`) }))}
                />
                <ConditionEditor
                  value={c}
                  onChange={(next) => setConditions(conditions.map((x, j) => (j === i ? next : x)))}
                />
                <Button size="small" danger onClick={() => setConditions(conditions.filter((_, j) => j !== i))}>
                  {t('delete')}
                </Button>
              </Space>
            </Card>
          ))}
          <Space wrap>
            <Button
              size="small"
              disabled={conditions.length >= 10}
              onClick={() => setConditions([...conditions, blank('lastScore')])}
            >
              {t('form.addCondition')}
            </Button>
            <Button
              size="small"
              onClick={() => (asked ? preview.refetch() : setAsked(true))}
              loading={preview.isFetching}
            >
              {t('form.preview')}
            </Button>
          </Space>
          {asked && preview.data && (
            <Typography.Text data-testid="nba-preview">
              {t('form.previewResult', preview.data)}
              {preview.data.capped ? t('form.previewCapped', preview.data) : ''}
            </Typography.Text>
          )}
          {asked && preview.error && (
            <Typography.Text type="danger">{(preview.error as Error).message}</Typography.Text>
          )}
        </Space>
        <Typography.Text strong>{t('form.action')}</Typography.Text>
        <Form.Item name="actionType" label={t('form.actionType')} rules={[{ required: true }]}>
          <Select options={NBA_ACTION_TYPES.map((a) => ({ value: a, label: t(`actions.${a}`) }))} />
        </Form.Item>
        <Form.Item name="label" label={t('form.label')} rules={[{ required: true, max: 100 }]}>
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item
          name="reasonCode"
          label={t('form.reasonCode')}
          extra={t('form.reasonCodeHelp')}
          rules={[{ required: true, pattern: /^[a-z][a-z0-9_]{0,49}$/ }]}
        >
          <Input maxLength={50} />
        </Form.Item>
        <Form.Item name="details" label={t('form.details')}>
          <Input.TextArea maxLength={1000} autoSize={{ minRows: 2, maxRows: 5 }} />
        </Form.Item>
        <Form.Item name="holdoutPct" label={t('form.holdoutPct')} extra={t('form.holdoutHelp')}>
          <InputNumber min={0} max={50} />
        </Form.Item>
        <Space wrap>
          <Form.Item name="eventType" label={t('form.outcomeEvent')} rules={[{ required: true }]}>
            <Select
              style={{ minWidth: 200 }}
              showSearch
              options={(eventTypes.data ?? []).map((e) => ({ value: e.key, label: `${e.name} (${e.key})` }))}
            />
          </Form.Item>
          <Form.Item name="withinDays" label={t('form.outcomeDays')}>
            <InputNumber min={1} max={365} />
          </Form.Item>
          <Form.Item name="cooldownDays" label={t('form.cooldownDays')} extra={t('form.cooldownHelp')}>
            <InputNumber min={1} max={365} />
          </Form.Item>
        </Space>
      </Form>
    </Drawer>
  );
}
