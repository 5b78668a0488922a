import type { TDashboardConfig, TSavedDashboardResponse } from '@loopcx/shared';
import { App, Checkbox, Form, Input, Modal } from 'antd';
import { useTranslation } from 'react-i18next';
import { formErrors } from '../../lib/api.ts';
import { useSaveDashboard } from './api.ts';

/**
 * The "save this view" dialog of SavedDashboards, a chunk of its own (antd Form, Input, Checkbox): the dashboard's
 * first load does not wait for a form nobody has opened yet. Mounted open; `onClose` unmounts it.
 */
export default function SaveDashboardDialog({
  chosen,
  current,
  onClose,
  onSaved,
}: {
  chosen: TSavedDashboardResponse | undefined;
  current: () => TDashboardConfig;
  onClose: () => void;
  onSaved: (d: TSavedDashboardResponse) => void;
}) {
  const { t } = useTranslation('dashboards');
  const { message } = App.useApp();
  const [form] = Form.useForm();
  const save = useSaveDashboard({
    onSuccess: (d) => {
      onClose();
      message.success(t('core:common.saved'));
      onSaved(d);
    },
    onError: (err) => {
      form.setFields(formErrors(err));
      message.error(err.message);
    },
  });

  return (
    <Modal
      open
      title={t('saved.save')}
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={save.isPending}
      destroyOnHidden
    >
      <Form
        form={form}
        layout="vertical"
        initialValues={{
          name: chosen?.mine ? chosen.name : '',
          shared: chosen?.mine ? chosen.shared : false,
          overwrite: !!chosen?.mine,
        }}
        onFinish={(v: { name: string; shared?: boolean; overwrite?: boolean }) =>
          save.mutate({
            id: v.overwrite && chosen?.mine ? chosen.id : undefined,
            body: { name: v.name, shared: !!v.shared, config: current() },
          })
        }
      >
        <Form.Item name="name" label={t('core:common.name')} rules={[{ required: true, max: 200 }]}>
          <Input />
        </Form.Item>
        <Form.Item name="shared" valuePropName="checked">
          <Checkbox>{t('saved.shareHint')}</Checkbox>
        </Form.Item>
        {chosen?.mine && (
          <Form.Item name="overwrite" valuePropName="checked">
            <Checkbox>{t('saved.overwrite', { name: chosen.name })}</Checkbox>
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}
