import { App, Button, DatePicker, Form, Modal, Select } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { UnitPicker } from '../../components/UnitPicker.tsx';
import { formErrors } from '../../lib/api.ts';
import { useTenantTime } from '../../lib/time.ts';
import { type Quiz, useAssignTraining } from './training-api.ts';

interface Values {
  quizId: string;
  orgUnitId: string;
  due?: Dayjs;
}

/**
 * "Assign training": a button opening a small form that assigns a quiz to a unit's staff, due at the end of the
 * chosen day (default: the server's 7 days). From an audit's failed item the unit, audit and item are fixed and
 * the quizzes are those that train the item.
 */
export function AssignTraining({
  quizzes,
  unit,
  auditId,
  itemCode,
  size,
}: {
  quizzes: Quiz[];
  unit?: { id: string; name: string };
  auditId?: string;
  itemCode?: string;
  size?: 'small';
}) {
  const { t, i18n } = useTranslation('quality');
  const { message } = App.useApp();
  const time = useTenantTime();
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm<Values>();
  const assign = useAssignTraining({
    onSuccess: (r) => {
      message.success(
        [
          t('training.assigned', { n: r.items.length }),
          r.skipped.length ? t('training.skipped', { n: r.skipped.length }) : '',
        ]
          .filter(Boolean)
          .join('；'),
      );
      setOpen(false);
    },
    onError: (err) => {
      form.setFields(formErrors(err) as never);
      message.error(err.message);
    },
  });
  const name = (q: Quiz) => (i18n.language === 'en' && q.nameEn ? q.nameEn : q.name);
  return (
    <>
      <Button
        size={size}
        data-testid="assign-training"
        onClick={() => {
          form.resetFields();
          form.setFieldsValue({ quizId: quizzes[0]?.id, orgUnitId: unit?.id });
          setOpen(true);
        }}
      >
        {t('training.assign')}
      </Button>
      <Modal
        open={open}
        title={unit && itemCode ? t('training.assignFromItemHelp', { unit: unit.name }) : t('training.assign')}
        onCancel={() => setOpen(false)}
        onOk={() => form.submit()}
        confirmLoading={assign.isPending}
        okButtonProps={{ 'data-testid': 'assign-training-ok' } as Record<`data-${string}`, string>}
        destroyOnHidden
      >
        <Form<Values>
          form={form}
          layout="vertical"
          onFinish={(v) =>
            assign.mutate({
              quizId: v.quizId,
              orgUnitId: v.orgUnitId,
              ...(v.due ? { dueAt: time.endOf(v.due.format('YYYY-MM-DD')) } : {}),
              ...(auditId ? { auditId } : {}),
              ...(itemCode ? { itemCode } : {}),
            })
          }
        >
          <Form.Item name="quizId" label={t('training.quiz')} rules={[{ required: true }]}>
            <Select options={quizzes.map((q) => ({ value: q.id, label: name(q) }))} />
          </Form.Item>
          <Form.Item
            name="orgUnitId"
            label={t('training.unit')}
            extra={t('training.unitHelp')}
            rules={[{ required: true }]}
          >
            {unit ? <Select disabled options={[{ value: unit.id, label: unit.name }]} /> : <UnitPicker />}
          </Form.Item>
          <Form.Item name="due" label={t('training.dueAt')}>
            <DatePicker style={{ width: '100%' }} />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}
