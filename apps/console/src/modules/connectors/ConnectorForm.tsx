import { CONNECTOR_KINDS, MAPPABLE_FIELDS } from '@loopcx/shared';
import { Button, Form, type FormInstance, Input, InputNumber, Select, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { UnitPicker } from '../../components/UnitPicker.tsx';

const SOURCES = ['social', 'forum', 'app_review', 'call_transcript', 'other'] as const;

/**
 * The create form's values as the API takes them: the mapping rows as one object, and only the fields of the
 * chosen kind (a poller's address and interval, a webhook's or JSON API's mapping, a JSON API's cursor).
 */
export function toCreateBody(v: Record<string, unknown>) {
  const rows = (v.mapping as Array<{ field?: string; path?: string }> | undefined) ?? [];
  const mapping = Object.fromEntries(rows.filter((r) => r.field && r.path).map((r) => [r.field, r.path]));
  const body: Record<string, unknown> = {
    kind: v.kind,
    name: v.name,
    source: v.source,
    ...(v.channel ? { channel: v.channel } : {}),
    ...(v.orgUnitId ? { orgUnitId: v.orgUnitId } : {}),
  };
  if (v.kind !== 'webhook') Object.assign(body, { url: v.url, pollMinutes: v.pollMinutes });
  if (v.kind !== 'rss') Object.assign(body, { mapping, ...(v.itemsPath ? { itemsPath: v.itemsPath } : {}) });
  if (v.kind === 'json_api')
    Object.assign(body, {
      ...(v.cursorParam ? { cursorParam: v.cursorParam } : {}),
      ...(v.cursorPath ? { cursorPath: v.cursorPath } : {}),
    });
  return body;
}

/** The fields of a new connector; which ones show depends on its kind. */
export function ConnectorForm({
  form,
  onSubmit,
}: {
  form: FormInstance;
  onSubmit: (body: Record<string, unknown>) => void;
}) {
  const { t } = useTranslation('connectors');
  const kind = Form.useWatch('kind', form) as (typeof CONNECTOR_KINDS)[number] | undefined;
  return (
    <Form
      form={form}
      layout="vertical"
      initialValues={{ kind: 'webhook', source: 'social', pollMinutes: 15, mapping: [{ field: 'text' }] }}
      onFinish={(v) => onSubmit(toCreateBody(v))}
    >
      <Form.Item name="kind" label={t('kind')} rules={[{ required: true }]}>
        <Select options={CONNECTOR_KINDS.map((k) => ({ value: k, label: t(`kinds.${k}`) }))} />
      </Form.Item>
      <Form.Item name="name" label={t('name')} rules={[{ required: true, max: 200 }]}>
        <Input />
      </Form.Item>
      <Space wrap style={{ width: '100%' }} size="middle">
        <Form.Item name="source" label={t('source')} rules={[{ required: true }]}>
          <Select style={{ minWidth: 180 }} options={SOURCES.map((s) => ({ value: s, label: t(`sources.${s}`) }))} />
        </Form.Item>
        <Form.Item name="channel" label={t('channel')} extra={t('channelHelp')} rules={[{ max: 100 }]}>
          <Input />
        </Form.Item>
      </Space>
      <Form.Item name="orgUnitId" label={t('unit')} extra={t('unitHelp')}>
        <UnitPicker />
      </Form.Item>
      {kind !== 'webhook' && (
        <>
          <Form.Item
            name="url"
            label={t('url')}
            extra={t('urlHelp')}
            rules={[{ required: true, type: 'url', max: 2000 }]}
          >
            <Input
              placeholder={kind === 'rss' ? 'https://example.com/reviews.rss' : 'https://example.com/api/reviews'}
            />
          </Form.Item>
          <Form.Item name="pollMinutes" label={t('pollMinutes')} rules={[{ required: true }]}>
            <InputNumber min={1} max={1440} precision={0} />
          </Form.Item>
        </>
      )}
      {kind !== 'rss' && (
        <>
          <Typography.Text strong>{t('mapping')}</Typography.Text>
          <Typography.Paragraph type="secondary">{t('mappingHelp')}</Typography.Paragraph>
          <Form.List name="mapping">
            {(fields, { add, remove: drop }) => (
              <>
                {fields.map((f) => (
                  <Space key={f.key} align="baseline" wrap>
                    <Form.Item name={[f.name, 'field']} rules={[{ required: true }]}>
                      <Select
                        aria-label={t('field')}
                        style={{ width: 170 }}
                        options={MAPPABLE_FIELDS.map((x) => ({ value: x, label: t(`fields.${x}`) }))}
                      />
                    </Form.Item>
                    <Form.Item name={[f.name, 'path']} rules={[{ required: true, max: 200 }]}>
                      <Input aria-label={t('path')} placeholder="data.content" style={{ width: 180 }} />
                    </Form.Item>
                    <Button size="small" onClick={() => drop(f.name)}>
                      −
                    </Button>
                  </Space>
                ))}
                <Form.Item>
                  <Button onClick={() => add()} data-testid="add-mapping">
                    {t('addField')}
                  </Button>
                </Form.Item>
              </>
            )}
          </Form.List>
          <Form.Item name="itemsPath" label={t('itemsPath')} extra={t('itemsPathHelp')}>
            <Input placeholder="data.items" />
          </Form.Item>
        </>
      )}
      {kind === 'json_api' && (
        <Space wrap size="middle">
          <Form.Item name="cursorParam" label={t('cursorParam')} extra={t('cursorParamHelp')}>
            <Input placeholder="since" />
          </Form.Item>
          <Form.Item name="cursorPath" label={t('cursorPath')} extra={t('cursorPathHelp')}>
            <Input placeholder="next_cursor" />
          </Form.Item>
        </Space>
      )}
    </Form>
  );
}
