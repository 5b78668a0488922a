import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import {
  INTERCEPT_DISPLAYS,
  INTERCEPT_URL_OPS,
  INTERCEPT_WHERE_OPS,
  regexCompiles,
  type TInterceptConditions,
} from '@loopcx/shared';
import {
  App,
  Button,
  Checkbox,
  Drawer,
  Form,
  Input,
  InputNumber,
  Popconfirm,
  Select,
  Space,
  Switch,
  Tag,
  Typography,
} from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ListPageHeader, ResponsiveList, usePhone } from '../../components/ListPage.tsx';
import { formErrors } from '../../lib/api.ts';
import { useEventTypes } from '../events/api.ts';
import { useSurveys } from '../surveys/api.ts';
import { useSdkKeys } from './api.ts';
import { type Intercept, useDeleteIntercept, useIntercepts, useSaveIntercept } from './intercepts-api.ts';

type WhereOp = (typeof INTERCEPT_WHERE_OPS)[number];

/** The drawer's form: the intercept with the delay in seconds and the event condition behind a checkbox. */
interface FormValues {
  name: string;
  surveyId: string;
  display: Intercept['display'];
  selector?: string;
  keyIds: string[];
  urls: Array<{ op: (typeof INTERCEPT_URL_OPS)[number]; value: string }>;
  useEvent: boolean;
  eventType?: string;
  minCount?: number;
  where: Array<{ property: string; op: WhereOp; value: string }>;
  delaySeconds: number;
  samplePercent: number;
  oncePerDays: number;
  enabled: boolean;
}

const NEW_VALUES: Partial<FormValues> = {
  display: 'modal',
  keyIds: [],
  urls: [],
  useEvent: true,
  eventType: 'payment.failed',
  minCount: 3,
  where: [],
  delaySeconds: 0,
  samplePercent: 100,
  oncePerDays: 30,
  enabled: true,
};

const NUMERIC: WhereOp[] = ['gt', 'gte', 'lt', 'lte'];

/** A filter value as typed → what the rule stores: numbers for comparisons, true/false as booleans, else text. */
function whereValue(op: WhereOp, raw: string): string | number | boolean {
  const s = raw.trim();
  if (NUMERIC.includes(op)) return Number(s);
  if (op !== 'contains' && (s === 'true' || s === 'false')) return s === 'true';
  if (op !== 'contains' && s !== '' && Number.isFinite(Number(s))) return Number(s);
  return raw;
}

const toForm = (i: Intercept): FormValues => ({
  name: i.name,
  surveyId: i.surveyId,
  display: i.display,
  selector: i.selector ?? undefined,
  keyIds: i.keyIds,
  urls: i.conditions.urls,
  useEvent: i.conditions.event !== null,
  eventType: i.conditions.event?.type,
  minCount: i.conditions.event?.minCount,
  where: (i.conditions.event?.where ?? []).map((w) => ({ ...w, value: String(w.value) })),
  delaySeconds: Math.round(i.delayMs / 1000),
  samplePercent: i.samplePercent,
  oncePerDays: i.oncePerDays,
  enabled: i.enabled,
});

const toBody = (v: FormValues) => {
  const conditions: TInterceptConditions = {
    urls: (v.urls ?? []).map((u) => ({ op: u.op, value: u.value })),
    event:
      v.useEvent && v.eventType
        ? {
            type: v.eventType,
            minCount: v.minCount ?? 1,
            where: (v.where ?? []).map((w) => ({
              property: w.property.trim(),
              op: w.op,
              value: whereValue(w.op, w.value),
            })),
          }
        : null,
  };
  return {
    name: v.name,
    surveyId: v.surveyId,
    display: v.display,
    selector: v.display === 'embedded' ? (v.selector?.trim() ?? null) : null,
    keyIds: v.keyIds ?? [],
    conditions,
    delayMs: Math.round((v.delaySeconds ?? 0) * 1000),
    samplePercent: v.samplePercent,
    oncePerDays: v.oncePerDays,
    enabled: v.enabled,
  };
};

/** Settings → SDK → Intercepts: when the SDK shows which survey, and whether it works (shows / answers, 30 days). */
export function InterceptsSection() {
  const { t, i18n } = useTranslation('sdk');
  const { message } = App.useApp();
  const phone = usePhone();
  const [form] = Form.useForm<FormValues>();
  // The drawer's record: an intercept, 'new' or null (closed); each opening resets the form to it.
  const [editing, setEditing] = useState<Intercept | 'new' | null>(null);
  useEffect(() => {
    if (editing === null) return;
    form.resetFields();
    form.setFieldsValue(editing === 'new' ? NEW_VALUES : toForm(editing));
  }, [editing, form]);
  const dialog = {
    editing,
    isNew: editing === 'new',
    id: editing === 'new' ? undefined : editing?.id,
    open: (i: Intercept | 'new') => setEditing(i),
    close: () => setEditing(null),
  };
  const list = useIntercepts();
  const surveys = useSurveys();
  const types = useEventTypes();
  const keys = useSdkKeys();
  const display = Form.useWatch('display', form);
  const useEvent = Form.useWatch('useEvent', form);
  const typeName = new Map(
    (types.data ?? []).map((x) => [x.key, i18n.language.startsWith('zh') ? x.name : (x.nameEn ?? x.name)]),
  );
  const keyName = new Map((keys.data?.items ?? []).map((k) => [k.id, k.name]));

  const save = useSaveIntercept({
    onSuccess: () => {
      dialog.close();
      message.success(t('intercepts.saved'));
    },
    onError: (err) => {
      // The API names conditions.event.type, conditions.urls.0.value…; the form keeps those fields flatter.
      const renamed: Record<string, (string | number)[]> = {
        'conditions.event.type': ['eventType'],
        'conditions.event.minCount': ['minCount'],
        delayMs: ['delaySeconds'],
      };
      form.setFields(
        formErrors(err).map((f) => {
          const key = f.name.join('.');
          const name =
            renamed[key] ??
            (f.name[0] === 'conditions' && f.name[1] === 'urls'
              ? ['urls', ...f.name.slice(2)]
              : f.name[0] === 'conditions' && f.name[1] === 'event' && f.name[2] === 'where'
                ? ['where', ...f.name.slice(3)]
                : f.name);
          return { name: name as never, errors: f.errors };
        }),
      );
      message.error(err.message);
    },
  });
  const toggle = useSaveIntercept({ onError: (err) => message.error(err.message) });
  const remove = useDeleteIntercept({
    onSuccess: () => message.success(t('intercepts.deleted')),
    onError: (err) => message.error(err.message),
  });

  const summary = (i: Intercept) => {
    const parts: string[] = [];
    const e = i.conditions.event;
    if (e) {
      let s = t('intercepts.eventSummary', { count: e.minCount, type: typeName.get(e.type) ?? e.type });
      if (e.where.length)
        s += ` (${e.where.map((w) => `${w.property} ${t(`intercepts.whereOps.${w.op}`)} ${String(w.value)}`).join(', ')})`;
      parts.push(s);
    }
    parts.push(
      i.conditions.urls.length
        ? i.conditions.urls.map((u) => `URL ${t(`intercepts.urlOps.${u.op}`)} ${u.value}`).join(' / ')
        : t('intercepts.anyPage'),
    );
    return (
      <Typography.Text style={{ wordBreak: 'break-word' }} data-testid="intercept-conditions">
        {parts.join(' · ')}
      </Typography.Text>
    );
  };
  const enabledSwitch = (i: Intercept) => (
    <Switch
      checked={i.enabled}
      loading={toggle.isPending && toggle.variables?.id === i.id}
      aria-label={t('intercepts.enabled')}
      data-testid="intercept-enabled"
      onChange={(enabled) => toggle.mutate({ id: i.id, body: { enabled } })}
    />
  );
  const stats = (i: Intercept) => (
    <span data-testid="intercept-stats">
      {i.stats.shows30d} / {i.stats.answers30d}
    </span>
  );
  const actions = (i: Intercept) => (
    <Space wrap>
      <Button size="small" onClick={() => dialog.open(i)}>
        {t('core:common.edit')}
      </Button>
      <Popconfirm title={t('intercepts.deleteConfirm', { name: i.name })} onConfirm={() => remove.mutate(i.id)}>
        <Button size="small" danger>
          {t('core:common.delete')}
        </Button>
      </Popconfirm>
    </Space>
  );
  const displayTag = (d: Intercept['display']) => <Tag>{t(`intercepts.displays.${d}`)}</Tag>;

  const liveSurveys = (surveys.data ?? []).filter(
    (s) => s.status === 'live' || s.id === (dialog.editing !== 'new' ? dialog.editing?.surveyId : undefined),
  );

  return (
    <div>
      <ListPageHeader
        title={t('intercepts.title')}
        newLabel={t('intercepts.new')}
        onNew={() => dialog.open('new')}
        help={t('intercepts.help')}
      />
      <ResponsiveList
        query={{ isLoading: list.isLoading, data: list.data }}
        empty={t('intercepts.none')}
        cardTestId="intercept-card"
        card={(i) => (
          <>
            <Space wrap>
              <Typography.Text strong>{i.name}</Typography.Text>
              {displayTag(i.display)}
              {enabledSwitch(i)}
            </Space>
            <div style={{ marginTop: 4 }}>
              <Typography.Text type="secondary">{i.surveyName}</Typography.Text>
            </div>
            <div style={{ marginTop: 4 }}>{summary(i)}</div>
            <div style={{ marginTop: 4 }}>
              <Typography.Text type="secondary">
                {t('intercepts.shows')}: {stats(i)}
              </Typography.Text>
            </div>
            <div style={{ marginTop: 8 }}>{actions(i)}</div>
          </>
        )}
        table={{ scroll: { x: 1000 } }}
        columns={[
          { title: t('intercepts.name'), dataIndex: 'name' },
          { title: t('intercepts.survey'), dataIndex: 'surveyName' },
          { title: t('intercepts.display'), dataIndex: 'display', render: displayTag },
          { title: t('intercepts.conditions'), render: (_: unknown, i: Intercept) => summary(i) },
          {
            title: t('intercepts.keys'),
            dataIndex: 'keyIds',
            render: (ids: string[]) =>
              ids.length
                ? ids.map((id) => <Tag key={id}>{keyName.get(id) ?? id.slice(0, 8)}</Tag>)
                : t('intercepts.allKeys'),
          },
          { title: t('intercepts.enabled'), render: (_: unknown, i: Intercept) => enabledSwitch(i) },
          { title: t('intercepts.shows'), render: (_: unknown, i: Intercept) => stats(i) },
          { title: t('core:common.actions'), render: (_: unknown, i: Intercept) => actions(i) },
        ]}
      />
      <Drawer
        open={dialog.editing !== null}
        title={dialog.isNew ? t('intercepts.new') : t('intercepts.edit')}
        width={phone ? '100%' : 560}
        onClose={dialog.close}
        forceRender
        extra={
          <Space>
            <Button onClick={dialog.close}>{t('core:common.cancel')}</Button>
            <Button type="primary" loading={save.isPending} onClick={() => form.submit()} data-testid="intercept-save">
              {t('core:common.save')}
            </Button>
          </Space>
        }
      >
        <Form<FormValues>
          form={form}
          layout="vertical"
          onFinish={(v) => save.mutate({ id: dialog.id, body: toBody(v) })}
        >
          <Form.Item name="name" label={t('intercepts.name')} rules={[{ required: true, max: 200 }]}>
            <Input placeholder="支付失败 3 次" data-testid="intercept-name" />
          </Form.Item>
          <Form.Item
            name="surveyId"
            label={t('intercepts.survey')}
            extra={t('intercepts.surveyHelp')}
            rules={[{ required: true, message: t('intercepts.surveyRequired') }]}
          >
            <Select
              showSearch
              optionFilterProp="label"
              data-testid="intercept-survey"
              options={liveSurveys.map((s) => ({ value: s.id, label: s.name }))}
            />
          </Form.Item>
          <Form.Item name="display" label={t('intercepts.display')} rules={[{ required: true }]}>
            <Select
              data-testid="intercept-display"
              options={INTERCEPT_DISPLAYS.map((d) => ({ value: d, label: t(`intercepts.displays.${d}`) }))}
            />
          </Form.Item>
          {display === 'embedded' && (
            <Form.Item
              name="selector"
              label={t('intercepts.selector')}
              extra={t('intercepts.selectorHelp')}
              rules={[{ required: true, max: 200, message: t('intercepts.selectorRequired') }]}
            >
              <Input placeholder="#survey-slot" />
            </Form.Item>
          )}
          <Form.Item name="keyIds" label={t('intercepts.keys')} extra={t('intercepts.keysHelp')}>
            <Select
              mode="multiple"
              allowClear
              placeholder={t('intercepts.allKeys')}
              options={(keys.data?.items ?? [])
                .filter((k) => !k.revokedAt)
                .map((k) => ({ value: k.id, label: k.name }))}
            />
          </Form.Item>

          <Form.Item label={t('intercepts.urls')} extra={t('intercepts.urlsHelp')}>
            <Form.List name="urls">
              {(fields, { add, remove: drop }) => (
                <>
                  {fields.map((f) => (
                    <Space key={f.key} align="start" style={{ display: 'flex', flexWrap: 'wrap' }}>
                      <Form.Item name={[f.name, 'op']} rules={[{ required: true }]} style={{ marginBottom: 8 }}>
                        <Select
                          style={{ width: 110 }}
                          options={INTERCEPT_URL_OPS.map((o) => ({ value: o, label: t(`intercepts.urlOps.${o}`) }))}
                        />
                      </Form.Item>
                      <Form.Item
                        name={[f.name, 'value']}
                        style={{ marginBottom: 8 }}
                        dependencies={[['urls', f.name, 'op']]}
                        rules={[
                          { required: true, max: 200, message: t('intercepts.required') },
                          ({ getFieldValue }) => ({
                            validator: async (_, value: string | undefined) => {
                              if (getFieldValue(['urls', f.name, 'op']) === 'regex' && value && !regexCompiles(value))
                                throw new Error('RegExp');
                            },
                          }),
                        ]}
                      >
                        <Input placeholder={t('intercepts.urlValue')} style={{ width: phone ? 180 : 280 }} />
                      </Form.Item>
                      <Button icon={<DeleteOutlined />} onClick={() => drop(f.name)} aria-label="remove" />
                    </Space>
                  ))}
                  <Button icon={<PlusOutlined />} onClick={() => add({ op: 'contains', value: '' })}>
                    {t('intercepts.addUrl')}
                  </Button>
                </>
              )}
            </Form.List>
          </Form.Item>

          <Form.Item name="useEvent" valuePropName="checked">
            <Checkbox data-testid="intercept-use-event">{t('intercepts.useEvent')}</Checkbox>
          </Form.Item>
          {useEvent && (
            <>
              <Space wrap align="start">
                <Form.Item
                  name="eventType"
                  label={t('intercepts.eventType')}
                  rules={[{ required: true, message: t('intercepts.required') }]}
                >
                  <Select
                    showSearch
                    optionFilterProp="label"
                    style={{ width: phone ? 220 : 280 }}
                    data-testid="intercept-event-type"
                    options={(types.data ?? [])
                      .filter((x) => x.status === 'active')
                      .map((x) => ({ value: x.key, label: `${typeName.get(x.key) ?? x.key} · ${x.key}` }))}
                  />
                </Form.Item>
                <Form.Item name="minCount" label={t('intercepts.minCount')} rules={[{ required: true }]}>
                  <InputNumber min={1} max={100} precision={0} data-testid="intercept-min-count" />
                </Form.Item>
              </Space>
              <Form.Item label={t('intercepts.where')}>
                <Form.List name="where">
                  {(fields, { add, remove: drop }) => (
                    <>
                      {fields.map((f) => (
                        <Space key={f.key} align="start" style={{ display: 'flex', flexWrap: 'wrap' }}>
                          <Form.Item
                            name={[f.name, 'property']}
                            style={{ marginBottom: 8 }}
                            rules={[
                              { required: true, pattern: /^[A-Za-z_$][\w$]{0,63}$/, message: t('intercepts.property') },
                            ]}
                          >
                            <Input placeholder={t('intercepts.property')} style={{ width: 120 }} />
                          </Form.Item>
                          <Form.Item name={[f.name, 'op']} rules={[{ required: true }]} style={{ marginBottom: 8 }}>
                            <Select
                              style={{ width: 100 }}
                              options={INTERCEPT_WHERE_OPS.map((o) => ({
                                value: o,
                                label: t(`intercepts.whereOps.${o}`),
                              }))}
                            />
                          </Form.Item>
                          <Form.Item
                            name={[f.name, 'value']}
                            style={{ marginBottom: 8 }}
                            dependencies={[['where', f.name, 'op']]}
                            rules={[
                              { required: true, max: 200, message: t('intercepts.required') },
                              ({ getFieldValue }) => ({
                                validator: async (_, value: string | undefined) => {
                                  if (
                                    NUMERIC.includes(getFieldValue(['where', f.name, 'op'])) &&
                                    !Number.isFinite(Number(value))
                                  )
                                    throw new Error('123');
                                },
                              }),
                            ]}
                          >
                            <Input placeholder={t('intercepts.value')} style={{ width: 120 }} />
                          </Form.Item>
                          <Button icon={<DeleteOutlined />} onClick={() => drop(f.name)} aria-label="remove" />
                        </Space>
                      ))}
                      <Button icon={<PlusOutlined />} onClick={() => add({ property: '', op: 'eq', value: '' })}>
                        {t('intercepts.addWhere')}
                      </Button>
                    </>
                  )}
                </Form.List>
              </Form.Item>
            </>
          )}

          <Space wrap align="start">
            <Form.Item name="delaySeconds" label={t('intercepts.delay')} rules={[{ required: true }]}>
              <InputNumber min={0} max={600} precision={0} />
            </Form.Item>
            <Form.Item name="samplePercent" label={t('intercepts.sample')} rules={[{ required: true }]}>
              <InputNumber min={0} max={100} precision={0} />
            </Form.Item>
          </Space>
          <Form.Item
            name="oncePerDays"
            label={t('intercepts.oncePerDays')}
            extra={t('intercepts.oncePerDaysHelp')}
            rules={[{ required: true }]}
          >
            <InputNumber min={0} max={365} precision={0} />
          </Form.Item>
          <Form.Item name="enabled" label={t('intercepts.enabled')} valuePropName="checked">
            <Switch />
          </Form.Item>
        </Form>
      </Drawer>
    </div>
  );
}
