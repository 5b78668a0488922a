import { Alert, App, Button, Drawer, Empty, Form, Grid, Input, List, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useTenantTime } from '../../lib/time.ts';
import type { FeedbackItem } from './api.ts';
import { useReplies, useReply } from './replies-api.ts';

/** The replies to a feedback item and a box to record a new one (text, and the channel it went out on). */
export function ReplyDrawer({ item, onClose }: { item: FeedbackItem; onClose: () => void }) {
  const time = useTenantTime();
  const { t } = useTranslation('feedback');
  const { message } = App.useApp();
  const phone = !Grid.useBreakpoint().md;
  const [form] = Form.useForm();
  const replies = useReplies(item.id);
  const reply = useReply({
    onSuccess: () => {
      form.resetFields(['text']);
      message.success(t('reply.saved'));
    },
    onError: (err) => message.error(err.message),
  });
  return (
    <Drawer open title={t('reply.title')} onClose={onClose} width={phone ? '100%' : 520} destroyOnHidden>
      <Typography.Paragraph type="secondary" ellipsis={{ rows: 3, expandable: true }}>
        {item.text}
      </Typography.Paragraph>
      {item.inApp && <Alert type="info" showIcon style={{ marginBottom: 12 }} message={t('inApp.replyNote')} />}
      <List
        loading={replies.isLoading}
        dataSource={replies.data}
        locale={{ emptyText: <Empty description={t('reply.none')} /> }}
        renderItem={(r) => (
          <List.Item data-testid="feedback-reply">
            <List.Item.Meta
              title={r.text}
              description={`${r.channel} · ${r.author?.name ?? '—'} · ${time.dateTime(r.createdAt)}`}
            />
          </List.Item>
        )}
      />
      <Form
        form={form}
        layout="vertical"
        initialValues={{ channel: item.channel ?? '' }}
        onFinish={(v) => reply.mutate({ id: item.id, text: v.text, ...(v.channel ? { channel: v.channel } : {}) })}
      >
        <Form.Item name="text" label={t('reply.text')} rules={[{ required: true, whitespace: true, max: 5000 }]}>
          <Input.TextArea rows={4} />
        </Form.Item>
        <Form.Item name="channel" label={t('reply.channel')} extra={t('reply.channelHelp')} rules={[{ max: 100 }]}>
          <Input />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={reply.isPending}>
          {t('reply.send')}
        </Button>
      </Form>
    </Drawer>
  );
}
