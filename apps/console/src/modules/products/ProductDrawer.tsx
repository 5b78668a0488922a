import type { TNewProduct, TProductDetail, TProductPatch } from '@loopcx/shared';
import { App, Button, Drawer, Form, Input, InputNumber, Select, Space } from 'antd';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { formErrors } from '../../lib/api.ts';
import { useCreateProduct, useSaveProduct } from './api.ts';

interface Values {
  code: string;
  name: string;
  nameEn?: string;
  category?: string;
  stage?: 'concept' | 'test' | 'launched';
  targetNps?: number | null;
  targetCsat?: number | null;
}

/** Create a product, or edit one (`product`): names, line, targets; the code is fixed once created. */
export function ProductDrawer(props: {
  open: boolean;
  product?: TProductDetail;
  onClose: () => void;
  onCreated?: (p: TProductDetail) => void;
}) {
  const { t } = useTranslation('products');
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const p = props.product;
  useEffect(() => {
    if (!props.open) return;
    form.resetFields();
    if (p)
      form.setFieldsValue({
        code: p.code,
        name: p.name,
        nameEn: p.nameEn ?? undefined,
        category: p.category ?? undefined,
        targetNps: p.targets.nps ?? null,
        targetCsat: p.targets.csat ?? null,
      });
  }, [props.open, p, form]);
  const onError = (err: Error) => {
    const fields = formErrors(err).map((f) => ({
      ...f,
      name: f.name[0] === 'targets' ? [f.name[1] === 'nps' ? 'targetNps' : 'targetCsat'] : f.name,
    }));
    if (fields.length) form.setFields(fields as never);
    else message.error(err.message);
  };
  const create = useCreateProduct({
    onSuccess: (d) => {
      message.success(t('created'));
      props.onClose();
      props.onCreated?.(d);
    },
    onError,
  });
  const save = useSaveProduct(p?.id ?? '', {
    onSuccess: () => {
      message.success(t('saved'));
      props.onClose();
    },
    onError,
  });
  const submit = (v: Values) => {
    const targets = {
      ...(v.targetNps != null ? { nps: v.targetNps } : {}),
      ...(v.targetCsat != null ? { csat: v.targetCsat } : {}),
    };
    if (p) {
      const patch: TProductPatch = {
        name: v.name,
        nameEn: v.nameEn || null,
        category: v.category || null,
        targets,
      };
      save.mutate(patch);
    } else {
      const body: TNewProduct = {
        code: v.code,
        name: v.name,
        nameEn: v.nameEn || undefined,
        category: v.category || undefined,
        stage: v.stage ?? 'concept',
        targets,
      };
      create.mutate(body);
    }
  };
  return (
    <Drawer
      open={props.open}
      onClose={props.onClose}
      title={p ? t('edit') : t('new')}
      width="min(480px, 100vw)"
      destroyOnHidden
      extra={
        <Space>
          <Button onClick={props.onClose}>{t('core:common.cancel')}</Button>
          <Button type="primary" loading={create.isPending || save.isPending} onClick={() => form.submit()}>
            {t('core:common.save')}
          </Button>
        </Space>
      }
    >
      <Form form={form} layout="vertical" onFinish={submit} initialValues={{ stage: 'concept' }}>
        <Form.Item
          name="code"
          label={t('code')}
          rules={[{ required: true, pattern: /^[A-Za-z0-9][A-Za-z0-9_.-]{0,39}$/ }]}
        >
          <Input disabled={!!p} maxLength={40} placeholder="BEEF-NOODLE" />
        </Form.Item>
        <Form.Item name="name" label={t('name')} rules={[{ required: true, max: 120 }]}>
          <Input maxLength={120} />
        </Form.Item>
        <Form.Item name="nameEn" label={t('nameEn')}>
          <Input maxLength={120} />
        </Form.Item>
        <Form.Item name="category" label={t('category')}>
          <Input maxLength={60} />
        </Form.Item>
        {!p && (
          <Form.Item name="stage" label={t('stage')}>
            <Select
              options={(['concept', 'test', 'launched'] as const).map((s) => ({ value: s, label: t(`stages.${s}`) }))}
            />
          </Form.Item>
        )}
        <Space wrap>
          <Form.Item name="targetNps" label={t('targetNps')}>
            <InputNumber min={-100} max={100} />
          </Form.Item>
          <Form.Item name="targetCsat" label={t('targetCsat')}>
            <InputNumber min={1} max={5} step={0.1} />
          </Form.Item>
        </Space>
      </Form>
    </Drawer>
  );
}
