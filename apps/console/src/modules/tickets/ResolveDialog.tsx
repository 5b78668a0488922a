import { App, Form, Input, Modal, Radio } from 'antd';
import { useTranslation } from 'react-i18next';
import { formErrors } from '../../lib/api.ts';
import { useRootCauses, useTransitionTicket } from './api.ts';

/**
 * Resolving a ticket: the root cause is required (the server refuses without one), so the dialog offers the
 * tenant's active causes as large tap targets — one tap picks, one tap confirms — with an optional resolution note.
 */
export function ResolveDialog({ ticketId, open, onClose }: { ticketId: string; open: boolean; onClose: () => void }) {
  const { t, i18n } = useTranslation('tickets');
  const { message } = App.useApp();
  const [form] = Form.useForm();
  const causes = useRootCauses();
  const move = useTransitionTicket(ticketId, {
    onSuccess: () => {
      message.success(t('resolvedOk'));
      onClose();
    },
    onError: (err) => {
      form.setFields(formErrors(err));
      message.error(err.message);
    },
  });
  return (
    <Modal
      open={open}
      title={t('resolveWith')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('resolve')}
      okButtonProps={{ 'data-testid': 'resolve-confirm' } as never}
      confirmLoading={move.isPending}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" onFinish={(v) => move.mutate({ to: 'resolved', ...v })}>
        <Form.Item
          name="rootCause"
          label={t('rootCause')}
          rules={[{ required: true, message: t('rootCauseRequired') }]}
        >
          <Radio.Group
            data-testid="root-cause"
            optionType="button"
            style={{ display: 'flex', flexWrap: 'wrap', gap: 8 }}
            options={(causes.data ?? [])
              .filter((c) => c.status === 'active')
              .map((c) => ({ value: c.code, label: i18n.language === 'en' && c.nameEn ? c.nameEn : c.name }))}
          />
        </Form.Item>
        <Form.Item name="resolution" label={t('resolution')}>
          <Input.TextArea rows={2} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
