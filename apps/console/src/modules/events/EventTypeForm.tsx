import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import type { TEventType, TPropertySchema } from '@loopcx/shared';
import { App, Button, Checkbox, Form, Input, Modal, Select, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { formErrors } from '../../lib/api.ts';
import { useSaveEventType } from './api.ts';

interface PropRow {
  name: string;
  type: 'string' | 'number' | 'integer' | 'boolean';
  enum?: string[];
  required?: boolean;
  dimension?: boolean;
}

const toRows = (p: TPropertySchema): PropRow[] =>
  Object.entries(p).map(([name, s]) => ({
    name,
    type: s.type,
    enum: s.enum?.map(String),
    required: s.required,
    dimension: s.dimension,
  }));
const toSchema = (rows: PropRow[] = []): TPropertySchema =>
  Object.fromEntries(
    rows
      .filter((r) => r?.name)
      .map((r) => [
        r.name,
        {
          type: r.type,
          ...(r.enum?.length ? { enum: r.type === 'string' ? r.enum : r.enum.map(Number) } : {}),
          ...(r.required ? { required: true } : {}),
          ...(r.dimension ? { dimension: true } : {}),
        },
      ]),
  );

/** Create or edit a custom event type with its property schema; server field errors land on the fields. */
export function EventTypeForm({
  editing,
  open,
  onClose,
}: {
  editing?: TEventType;
  open: boolean;
  onClose: () => void;
}) {
  const { t } = useTranslation('events');
  const { message } = App.useApp();
  const [form] = Form.useForm();
  const save = useSaveEventType(editing?.key, {
    onSuccess: () => onClose(),
    onError: (err) => {
      form.setFields(formErrors(err).filter((f) => !String(f.name).startsWith('properties')));
      message.error(err.message);
    },
  });
  const submit = (v: Record<string, unknown> & { props?: PropRow[] }) => {
    const { props, key, ...rest } = v;
    const body = { ...rest, properties: toSchema(props) };
    save.mutate(editing ? body : { ...body, key });
  };
  return (
    <Modal
      open={open}
      title={editing ? `${t('edit')} ${editing.key}` : t('newType')}
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={save.isPending}
      width={720}
      destroyOnHidden
    >
      <Form
        form={form}
        layout="vertical"
        preserve={false}
        initialValues={editing ? { ...editing, props: toRows(editing.properties) } : { strict: false, props: [] }}
        onFinish={submit}
      >
        <Form.Item
          name="key"
          label={t('key')}
          extra={t('keyHelp')}
          rules={[{ required: !editing, pattern: /^[a-z][a-z0-9_]*(\.[a-z0-9_]+)+$/ }]}
        >
          <Input disabled={!!editing} placeholder="loyalty.points_redeemed" />
        </Form.Item>
        <Space wrap style={{ width: '100%' }}>
          <Form.Item name="name" label={t('name')} rules={[{ required: true, max: 200 }]}>
            <Input />
          </Form.Item>
          <Form.Item name="nameEn" label={t('nameEn')}>
            <Input />
          </Form.Item>
          <Form.Item name="valueLabel" label={t('valueLabel')}>
            <Input placeholder="amount / seconds" />
          </Form.Item>
        </Space>
        <Form.Item name="description" label={t('description')}>
          <Input.TextArea rows={2} />
        </Form.Item>
        <Form.Item name="strict" valuePropName="checked">
          <Checkbox>{t('strict')}</Checkbox>
        </Form.Item>
        <Typography.Text strong>{t('schema')}</Typography.Text>
        <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
          {t('dimensionHelp')}
        </Typography.Paragraph>
        <Form.List name="props">
          {(fields, { add, remove }) => (
            <>
              {fields.map((f) => (
                <Space key={f.key} wrap align="baseline" style={{ display: 'flex', marginBottom: 4 }}>
                  <Form.Item
                    name={[f.name, 'name']}
                    rules={[{ required: true, pattern: /^[a-zA-Z_][a-zA-Z0-9_]{0,63}$/ }]}
                    style={{ marginBottom: 0 }}
                  >
                    <Input placeholder={t('propName')} style={{ width: 130 }} />
                  </Form.Item>
                  <Form.Item name={[f.name, 'type']} initialValue="string" style={{ marginBottom: 0 }}>
                    <Select
                      style={{ width: 110 }}
                      options={['string', 'number', 'integer', 'boolean'].map((v) => ({ value: v, label: v }))}
                    />
                  </Form.Item>
                  <Form.Item name={[f.name, 'enum']} style={{ marginBottom: 0 }}>
                    <Select
                      mode="tags"
                      placeholder={t('enumValues')}
                      style={{ minWidth: 160 }}
                      tokenSeparators={[',']}
                    />
                  </Form.Item>
                  <Form.Item name={[f.name, 'required']} valuePropName="checked" style={{ marginBottom: 0 }}>
                    <Checkbox>{t('required')}</Checkbox>
                  </Form.Item>
                  <Form.Item name={[f.name, 'dimension']} valuePropName="checked" style={{ marginBottom: 0 }}>
                    <Checkbox>{t('dimension')}</Checkbox>
                  </Form.Item>
                  <MinusCircleOutlined onClick={() => remove(f.name)} />
                </Space>
              ))}
              <Button type="dashed" onClick={() => add({ type: 'string' })} icon={<PlusOutlined />}>
                {t('addProperty')}
              </Button>
            </>
          )}
        </Form.List>
      </Form>
    </Modal>
  );
}
