import { Alert, App, Form, Input, Modal, Radio } from 'antd';
import { useTranslation } from 'react-i18next';
import { formErrors } from '../../lib/api.ts';
import { DECISIONS, type Decision, useOverride } from './api.ts';

/** Override the recorded decision: another decision and a justification of at least 20 characters. */
export function OverrideModal(p: { id: string; current: Decision | null; open: boolean; onClose: () => void }) {
  const { t } = useTranslation('concept');
  const { message } = App.useApp();
  const [form] = Form.useForm<{ decision: Decision; justification: string }>();
  const override = useOverride(p.id, {
    onSuccess: () => {
      message.success(t('recorded'));
      form.resetFields();
      p.onClose();
    },
    onError: (err) => {
      form.setFields(formErrors(err) as never);
      message.error(err.message);
    },
  });
  return (
    <Modal
      open={p.open}
      title={t('overrideTitle')}
      onCancel={p.onClose}
      onOk={() => form.submit()}
      okButtonProps={{ loading: override.isPending, danger: true, 'data-testid': 'override-ok' } as never}
      destroyOnClose
    >
      <Alert type="warning" showIcon message={t('overrideHelp')} style={{ marginBottom: 12 }} />
      <Form form={form} layout="vertical" onFinish={(v) => override.mutate(v)}>
        <Form.Item name="decision" rules={[{ required: true }]}>
          <Radio.Group
            optionType="button"
            options={DECISIONS.filter((d) => d !== p.current).map((d) => ({ value: d, label: t(`decisions.${d}`) }))}
          />
        </Form.Item>
        <Form.Item
          name="justification"
          label={t('justification')}
          rules={[{ required: true, whitespace: true, min: 20, max: 2000, message: t('justificationTooShort') }]}
        >
          <Input.TextArea rows={4} maxLength={2000} showCount data-testid="override-justification" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
