import { ORG_KINDS, type TOrgUnit } from '@loopcx/shared';
import { App, Col, Form, Input, InputNumber, Modal, Row, Select, TreeSelect } from 'antd';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { formErrors } from '../../lib/api.ts';
import { toTree } from '../../lib/org.ts';
import { useSaveOrgUnit } from './api.ts';

type Coord = number | null | undefined;

/** The form's lat/lng fields as the API's `location` (both or neither) and an empty address as none. */
function withLocation(raw: Record<string, unknown>) {
  const { lat, lng, address, ...rest } = raw as { lat: Coord; lng: Coord; address?: string | null };
  const location = lat == null || lng == null ? null : { lat, lng };
  return { ...rest, address: address?.trim() ? address.trim() : null, location };
}

/** Latitude and longitude are entered together or not at all. */
const pairRule =
  (other: string, message: string) =>
  ({ getFieldValue }: { getFieldValue: (name: string) => unknown }) => ({
    validator: (_: unknown, value: Coord) =>
      (value == null) === (getFieldValue(other) == null) ? Promise.resolve() : Promise.reject(new Error(message)),
  });

export type UnitFormMode =
  | { kind: 'create'; parent: TOrgUnit }
  | { kind: 'edit'; unit: TOrgUnit }
  | { kind: 'move'; unit: TOrgUnit };

/** One modal for add child / edit / move; the server's 409/422 field errors land on the form fields. */
export function UnitForm({
  mode,
  units,
  onClose,
}: {
  mode: UnitFormMode | null;
  units: TOrgUnit[];
  onClose: (saved?: TOrgUnit) => void;
}) {
  const { t } = useTranslation('org');
  const [form] = Form.useForm();
  const { message } = App.useApp();

  useEffect(() => {
    form.resetFields();
    if (mode?.kind === 'edit')
      form.setFieldsValue({
        code: mode.unit.code,
        name: mode.unit.name,
        nameEn: mode.unit.nameEn,
        kind: mode.unit.kind,
        address: mode.unit.address,
        lat: mode.unit.location?.lat ?? null,
        lng: mode.unit.location?.lng ?? null,
      });
    if (mode?.kind === 'create')
      form.setFieldsValue({
        kind: mode.parent.kind === 'city' ? 'store' : mode.parent.kind === 'region' ? 'city' : 'region',
      });
    if (mode?.kind === 'move') form.setFieldsValue({ parentId: mode.unit.parentId });
  }, [mode, form]);

  const save = useSaveOrgUnit({
    onSuccess: (unit) => {
      message.success(t('core:common.saved'));
      onClose(unit);
    },
    onError: (err) => {
      const fields = formErrors(err);
      if (fields.length) form.setFields(fields);
      message.error(err.message);
    },
  });
  const title =
    mode?.kind === 'create'
      ? `${t('addChild')} — ${mode.parent.name}`
      : mode?.kind === 'move'
        ? `${t('move')} — ${mode.unit.name}`
        : mode
          ? `${t('core:common.edit')} — ${mode.unit.name}`
          : '';
  return (
    <Modal
      open={!!mode}
      title={title}
      onCancel={() => onClose()}
      onOk={() => form.submit()}
      confirmLoading={save.isPending}
      destroyOnHidden
      okText={t('core:common.save')}
      cancelText={t('core:common.cancel')}
    >
      <Form
        form={form}
        layout="vertical"
        onFinish={(raw) => {
          const values = mode?.kind === 'move' ? raw : withLocation(raw);
          if (mode?.kind === 'create') save.mutate({ parentId: mode.parent.id, values });
          else save.mutate({ id: mode!.unit.id, values });
        }}
        requiredMark={false}
      >
        {mode?.kind === 'move' ? (
          <Form.Item name="parentId" label={t('moveTo')} rules={[{ required: true }]}>
            <TreeSelect
              treeData={toTree(units)}
              treeDefaultExpandAll
              showSearch
              treeNodeFilterProp="title"
              data-testid="move-parent"
            />
          </Form.Item>
        ) : (
          <>
            <Form.Item
              name="code"
              label={t('core:common.code')}
              rules={[{ required: true, max: 64, pattern: /^[A-Za-z0-9][A-Za-z0-9._-]*$/ }]}
            >
              <Input placeholder="SH-05" data-testid="unit-code" />
            </Form.Item>
            <Form.Item name="name" label={t('core:common.name')} rules={[{ required: true, max: 200 }]}>
              <Input data-testid="unit-name" />
            </Form.Item>
            <Form.Item name="nameEn" label={t('core:common.nameEn')} rules={[{ max: 200 }]}>
              <Input />
            </Form.Item>
            <Form.Item name="kind" label={t('core:common.kind')} rules={[{ required: true }]}>
              <Select options={ORG_KINDS.map((k) => ({ value: k, label: t(`core:kinds.${k}`) }))} />
            </Form.Item>
            <Form.Item name="address" label={t('address')} rules={[{ max: 300 }]}>
              <Input placeholder={t('addressPlaceholder')} data-testid="unit-address" />
            </Form.Item>
            <Row gutter={8}>
              <Col xs={24} sm={12}>
                <Form.Item
                  name="lat"
                  label={t('lat')}
                  dependencies={['lng']}
                  rules={[pairRule('lng', t('locationPair'))]}
                >
                  <InputNumber min={-90} max={90} step={0.0001} style={{ width: '100%' }} data-testid="unit-lat" />
                </Form.Item>
              </Col>
              <Col xs={24} sm={12}>
                <Form.Item
                  name="lng"
                  label={t('lng')}
                  dependencies={['lat']}
                  rules={[pairRule('lat', t('locationPair'))]}
                >
                  <InputNumber min={-180} max={180} step={0.0001} style={{ width: '100%' }} data-testid="unit-lng" />
                </Form.Item>
              </Col>
            </Row>
          </>
        )}
      </Form>
    </Modal>
  );
}
