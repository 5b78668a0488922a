import { sdkOriginOf, type TSdkWidget } from '@loopcx/shared';
import { App, Button, Divider, Form, Input, Modal, Popconfirm, Select, Space, Switch, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { FormDialog, ListPageHeader, ResponsiveList, useRecordDialog } from '../../components/ListPage.tsx';
import { UnitPicker } from '../../components/UnitPicker.tsx';
import { formErrors } from '../../lib/api.ts';
import { useOrgUnits } from '../../lib/org.ts';
import { useEventTypes } from '../events/api.ts';
import { type SdkKey, useRevokeSdkKey, useSaveSdkKey, useSdkKeys } from './api.ts';

/** The `<script>` tags a page needs for a key. */
export const snippetFor = (scriptUrl: string, key: string) =>
  `<script src="${scriptUrl}"></script>\n<script>loopcx.init({ key: '${key}' })</script>`;

const wrap = { wordBreak: 'break-all' as const, overflowWrap: 'anywhere' as const };

/** What a key's 吐槽 widget starts with when it is switched on. */
const DEFAULT_WIDGET: TSdkWidget = {
  position: 'bottom_right',
  label: { 'zh-CN': '吐槽', en: 'Feedback' },
  title: { 'zh-CN': '遇到问题了？告诉我们', en: 'Something wrong? Tell us' },
  screenshot: true,
  askContact: true,
};
const POSITIONS = ['bottom_right', 'bottom_left', 'right_middle'] as const;

/** The form's record: the key with the widget's on/off switch beside its settings (kept while switched off). */
type KeyForm = SdkKey & { widgetOn?: boolean };
const toForm = (k: SdkKey): KeyForm => ({
  ...k,
  widgetOn: !!k.feedbackWidget,
  feedbackWidget: k.feedbackWidget ?? DEFAULT_WIDGET,
});

/** Settings → SDK: the public write keys of the browser SDK (loaded when its route is first opened). */
export function SdkKeysPage() {
  const { t, i18n } = useTranslation('sdk');
  const { message } = App.useApp();
  const [form] = Form.useForm();
  const dialog = useRecordDialog<KeyForm>(form, {
    allowedEventTypes: ['page.view'],
    allowedOrigins: [],
    widgetOn: false,
    feedbackWidget: DEFAULT_WIDGET,
  });
  const [snippetOf, setSnippetOf] = useState<SdkKey>();
  const keys = useSdkKeys();
  const units = useOrgUnits();
  const types = useEventTypes();
  const unitName = new Map((units.data ?? []).map((u) => [u.id, `${u.name} (${u.code})`]));
  const typeName = new Map(
    (types.data ?? []).map((x) => [x.key, i18n.language.startsWith('zh') ? x.name : (x.nameEn ?? x.name)]),
  );
  const scriptUrl = keys.data?.scriptUrl ?? `${window.location.origin}/sdk/v1/loopcx.js`;

  const save = useSaveSdkKey({
    onSuccess: (k) => {
      const wasNew = dialog.isNew;
      dialog.close();
      message.success(t('saved'));
      if (wasNew) setSnippetOf(k);
    },
    onError: (err) => {
      form.setFields(formErrors(err));
      message.error(err.message);
    },
  });
  const revoke = useRevokeSdkKey({
    onSuccess: () => message.success(t('revokedOk')),
    onError: (err) => message.error(err.message),
  });

  const lastUsed = (d: string | null) => (d ? new Date(d).toLocaleString() : t('never'));
  const status = (k: SdkKey) => (
    <Space size={[0, 4]} wrap>
      {k.revokedAt ? <Tag>{t('revoked')}</Tag> : <Tag color="green">{t('live')}</Tag>}
      {!k.revokedAt && k.feedbackWidget && (
        <Tag color="orange" data-testid="sdk-widget-on">
          {t('widget.on')}
        </Tag>
      )}
    </Space>
  );
  const keyText = (k: SdkKey) => (
    <Typography.Text code copyable={{ text: k.key, tooltips: [t('copy'), '✓'] }} style={wrap} data-testid="sdk-key">
      {k.key}
    </Typography.Text>
  );
  const tags = (list: string[], label?: (s: string) => string) => (
    <Space size={[0, 4]} wrap>
      {list.map((s) => (
        <Tag key={s} style={{ ...wrap, whiteSpace: 'normal' }}>
          {label ? label(s) : s}
        </Tag>
      ))}
    </Space>
  );
  const actions = (k: SdkKey) =>
    !k.revokedAt && (
      <Space wrap>
        <Button size="small" onClick={() => setSnippetOf(k)}>
          {t('showSnippet')}
        </Button>
        <Button size="small" onClick={() => dialog.open(toForm(k))}>
          {t('core:common.edit')}
        </Button>
        <Popconfirm title={t('revokeConfirm', { name: k.name })} onConfirm={() => revoke.mutate(k.id)}>
          <Button size="small" danger>
            {t('revoke')}
          </Button>
        </Popconfirm>
      </Space>
    );
  const typeLabel = (s: string) => `${typeName.get(s) ?? s} · ${s}`;

  return (
    <div>
      <ListPageHeader title={t('title')} newLabel={t('new')} onNew={() => dialog.open('new')} help={t('help')} />
      <ResponsiveList
        query={{ isLoading: keys.isLoading, data: keys.data?.items }}
        empty={t('none')}
        cardTestId="sdk-key-card"
        card={(k) => (
          <>
            <Space wrap>
              <Typography.Text strong>{k.name}</Typography.Text>
              {status(k)}
            </Space>
            <div style={{ marginTop: 4 }}>{keyText(k)}</div>
            <div style={{ marginTop: 4 }}>{tags(k.allowedOrigins)}</div>
            <div style={{ marginTop: 4 }}>{tags(k.allowedEventTypes, typeLabel)}</div>
            <div>
              <Typography.Text type="secondary">
                {unitName.get(k.orgUnitId) ?? '—'} · {t('lastUsed')}: {lastUsed(k.lastUsedAt)}
              </Typography.Text>
            </div>
            <div style={{ marginTop: 8 }}>{actions(k)}</div>
          </>
        )}
        table={{ scroll: { x: 1000 } }}
        columns={[
          { title: t('name'), dataIndex: 'name' },
          { title: t('key'), dataIndex: 'key', render: (_: string, k: SdkKey) => keyText(k) },
          { title: t('origins'), dataIndex: 'allowedOrigins', render: (o: string[]) => tags(o) },
          { title: t('types'), dataIndex: 'allowedEventTypes', render: (x: string[]) => tags(x, typeLabel) },
          { title: t('unit'), dataIndex: 'orgUnitId', render: (id: string) => unitName.get(id) ?? '—' },
          { title: t('lastUsed'), dataIndex: 'lastUsedAt', render: lastUsed },
          { title: t('status'), render: (_: unknown, k: SdkKey) => status(k) },
          { title: t('core:common.actions'), render: (_: unknown, k: SdkKey) => actions(k) },
        ]}
      />
      <FormDialog
        open={dialog.editing !== null}
        title={dialog.isNew ? t('new') : t('edit')}
        form={form}
        pending={save.isPending}
        onCancel={dialog.close}
      >
        <Form
          form={form}
          layout="vertical"
          onFinish={(v: {
            name: string;
            allowedOrigins: string[];
            allowedEventTypes: string[];
            orgUnitId: string;
            widgetOn?: boolean;
            feedbackWidget: TSdkWidget;
          }) =>
            save.mutate({
              id: dialog.id,
              body: {
                name: v.name,
                allowedOrigins: v.allowedOrigins.map((o) => sdkOriginOf(o.trim()) ?? o),
                allowedEventTypes: v.allowedEventTypes,
                orgUnitId: v.orgUnitId,
                feedbackWidget: v.widgetOn
                  ? {
                      ...v.feedbackWidget,
                      screenshot: !!v.feedbackWidget.screenshot,
                      askContact: !!v.feedbackWidget.askContact,
                    }
                  : null,
              },
            })
          }
        >
          <Form.Item name="name" label={t('name')} rules={[{ required: true, max: 200 }]}>
            <Input placeholder="官网 Web" />
          </Form.Item>
          <Form.Item
            name="allowedOrigins"
            label={t('origins')}
            extra={t('originsHelp')}
            rules={[
              { required: true, type: 'array', min: 1, message: t('originsRequired') },
              {
                validator: async (_, value: string[] | undefined) => {
                  const bad = (value ?? []).find((o) => !sdkOriginOf(o.trim()));
                  if (bad !== undefined) throw new Error(t('originInvalid', { value: bad }));
                },
              },
            ]}
          >
            <Select
              mode="tags"
              open={false}
              suffixIcon={null}
              tokenSeparators={[',', ' ']}
              placeholder="https://shop.example.com"
              data-testid="sdk-origins"
            />
          </Form.Item>
          <Form.Item
            name="allowedEventTypes"
            label={t('types')}
            extra={t('typesHelp')}
            rules={[{ required: true, type: 'array', min: 1, message: t('typesRequired') }]}
          >
            <Select
              mode="multiple"
              optionFilterProp="label"
              data-testid="sdk-types"
              options={(types.data ?? [])
                .filter((x) => x.status === 'active')
                .map((x) => ({ value: x.key, label: typeLabel(x.key) }))}
            />
          </Form.Item>
          <Form.Item
            name="orgUnitId"
            label={t('unit')}
            extra={t('unitHelp')}
            rules={[{ required: true, message: t('unitRequired') }]}
          >
            <UnitPicker data-testid="sdk-unit" />
          </Form.Item>
          <Divider titlePlacement="start" plain>
            {t('widget.title')}
          </Divider>
          <Form.Item name="widgetOn" label={t('widget.enabled')} extra={t('widget.help')} valuePropName="checked">
            <Switch data-testid="sdk-widget-switch" />
          </Form.Item>
          <Form.Item noStyle shouldUpdate={(a, b) => a.widgetOn !== b.widgetOn}>
            {({ getFieldValue }) =>
              getFieldValue('widgetOn') && (
                <>
                  <Form.Item
                    name={['feedbackWidget', 'position']}
                    label={t('widget.position')}
                    rules={[{ required: true }]}
                  >
                    <Select
                      data-testid="sdk-widget-position"
                      options={POSITIONS.map((p) => ({ value: p, label: t(`widget.positions.${p}`) }))}
                    />
                  </Form.Item>
                  <Space wrap align="start">
                    <Form.Item
                      name={['feedbackWidget', 'label', 'zh-CN']}
                      label={t('widget.labelZh')}
                      rules={[{ required: true, whitespace: true, max: 20 }]}
                    >
                      <Input maxLength={20} data-testid="sdk-widget-label-zh" />
                    </Form.Item>
                    <Form.Item
                      name={['feedbackWidget', 'label', 'en']}
                      label={t('widget.labelEn')}
                      rules={[{ required: true, whitespace: true, max: 20 }]}
                    >
                      <Input maxLength={20} />
                    </Form.Item>
                  </Space>
                  <Form.Item
                    name={['feedbackWidget', 'title', 'zh-CN']}
                    label={t('widget.titleZh')}
                    rules={[{ required: true, whitespace: true, max: 100 }]}
                  >
                    <Input maxLength={100} />
                  </Form.Item>
                  <Form.Item
                    name={['feedbackWidget', 'title', 'en']}
                    label={t('widget.titleEn')}
                    rules={[{ required: true, whitespace: true, max: 100 }]}
                  >
                    <Input maxLength={100} />
                  </Form.Item>
                  <Space wrap size="large">
                    <Form.Item
                      name={['feedbackWidget', 'screenshot']}
                      label={t('widget.screenshot')}
                      valuePropName="checked"
                    >
                      <Switch />
                    </Form.Item>
                    <Form.Item
                      name={['feedbackWidget', 'askContact']}
                      label={t('widget.askContact')}
                      valuePropName="checked"
                    >
                      <Switch />
                    </Form.Item>
                  </Space>
                </>
              )
            }
          </Form.Item>
        </Form>
      </FormDialog>
      <Modal
        open={!!snippetOf}
        title={`${t('snippet')} · ${snippetOf?.name ?? ''}`}
        onCancel={() => setSnippetOf(undefined)}
        footer={null}
        destroyOnHidden
      >
        <Typography.Paragraph>{t('snippetHelp')}</Typography.Paragraph>
        {snippetOf && (
          <Typography.Paragraph
            copyable={{ text: snippetFor(scriptUrl, snippetOf.key), tooltips: [t('copy'), '✓'] }}
            data-testid="sdk-snippet"
          >
            <pre style={{ ...wrap, whiteSpace: 'pre-wrap', margin: 0 }}>{snippetFor(scriptUrl, snippetOf.key)}</pre>
          </Typography.Paragraph>
        )}
      </Modal>
    </div>
  );
}
