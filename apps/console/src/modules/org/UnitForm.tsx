import { ORG_KINDS, type TOrgUnit } from '@loopcx/shared';
import { App, Form, Input, Modal, Select, TreeSelect } from 'antd';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { formErrors } from '../../lib/api.ts';
import { toTree } from '../../lib/org.ts';
import { useSaveOrgUnit } from './api.ts';

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
        onFinish={(values) =>
          mode?.kind === 'create'
            ? save.mutate({ parentId: mode.parent.id, values })
            : save.mutate({ id: mode!.unit.id, values })
        }
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
          </>
        )}
      </Form>
    </Modal>
  );
}
