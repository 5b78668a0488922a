import {
  App,
  Button,
  Form,
  Image,
  Input,
  InputNumber,
  List,
  Modal,
  Popconfirm,
  Select,
  Space,
  Tag,
  Typography,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { UnitPicker } from '../../components/UnitPicker.tsx';
import { formErrors } from '../../lib/api.ts';
import { useMe } from '../../lib/me.tsx';
import { useUnitLabel } from '../../lib/org.ts';
import { useTenantTime } from '../../lib/time.ts';
import { useTouchpoints } from '../journeys/api.ts';
import {
  type FeedbackFilters,
  type FeedbackItem,
  LIST_SOURCES,
  SOURCES,
  screenshotUrl,
  useCreateFeedback,
  useDeleteFeedback,
  useFeedback,
} from './api.ts';
import { ImportModal } from './ImportModal.tsx';
import { ReplyDrawer } from './ReplyDrawer.tsx';

const SCOLOR = { negative: 'red', neutral: 'default', positive: 'green' } as const;

/** Feedback from outside surveys: social and forum posts, app-store reviews, call transcripts. */
export function FeedbackPage() {
  const time = useTenantTime();
  const { t, i18n } = useTranslation('feedback');
  const unitLabel = useUnitLabel();
  const me = useMe();
  const { message } = App.useApp();
  const [filters, setFilters] = useState<FeedbackFilters>({});
  const [creating, setCreating] = useState(false);
  const [importing, setImporting] = useState(false);
  const [replying, setReplying] = useState<FeedbackItem>();
  const list = useFeedback(filters);
  const remove = useDeleteFeedback({ onError: (err) => message.error(err.message) });
  const items = list.data?.pages.flatMap((p) => p.items) ?? [];
  const canWrite = me.can('responses.write');
  return (
    <div>
      <Typography.Title level={4}>{t('title')}</Typography.Title>
      <Space wrap style={{ marginBottom: 12 }}>
        <Select
          allowClear
          placeholder={t('allSources')}
          style={{ minWidth: 150 }}
          value={filters.source}
          onChange={(v) => setFilters({ ...filters, source: v })}
          options={LIST_SOURCES.map((s) => ({ value: s, label: t(`src.${s}`) }))}
        />
        <UnitPicker
          placeholder={t('allUnits')}
          style={{ minWidth: 200 }}
          value={filters.orgUnitId}
          onChange={(v) => setFilters({ ...filters, orgUnitId: v })}
        />
        <Input.Search
          allowClear
          placeholder={t('search')}
          onSearch={(q) => setFilters({ ...filters, q: q || undefined })}
          style={{ width: 200 }}
        />
        {canWrite && (
          <Button type="primary" onClick={() => setCreating(true)}>
            {t('add')}
          </Button>
        )}
        {canWrite && <Button onClick={() => setImporting(true)}>{t('import')}</Button>}
      </Space>
      <List
        loading={list.isLoading}
        dataSource={items}
        renderItem={(item) => (
          <List.Item
            data-testid="feedback-item"
            actions={[
              ...(me.can('tickets.work')
                ? [
                    <Button key="r" size="small" type="link" onClick={() => setReplying(item)}>
                      {t('reply.open')}
                    </Button>,
                  ]
                : []),
              ...(canWrite
                ? [
                    <Popconfirm key="d" title={t('deleteConfirm')} onConfirm={() => remove.mutate(item.id)}>
                      <Button size="small" type="link" danger>
                        {t('core:common.delete')}
                      </Button>
                    </Popconfirm>,
                  ]
                : []),
            ]}
          >
            <Space direction="vertical" size={4} style={{ width: '100%' }}>
              <Typography.Paragraph style={{ marginBottom: 0 }} ellipsis={{ rows: 4, expandable: true }}>
                {item.text}
              </Typography.Paragraph>
              <Space wrap size={4}>
                <Tag color="blue">{t(`src.${item.source}`)}</Tag>
                {item.channel && <Tag>{item.channel}</Tag>}
                {item.rating !== null && <Tag>★ {item.rating}</Tag>}
                {item.inApp?.appVersion && <Tag>{t('inApp.version', { v: item.inApp.appVersion })}</Tag>}
                {item.inApp && (
                  <Tag color={item.inApp.contactLeft ? 'gold' : 'default'} data-testid="feedback-contact">
                    {item.inApp.contactLeft ? t('inApp.contact') : t('inApp.noContact')}
                  </Tag>
                )}
                {item.analysis ? (
                  <Tag color={SCOLOR[item.analysis.sentiment]}>{t(`s.${item.analysis.sentiment}`)}</Tag>
                ) : (
                  <Tag>{t('analysing')}</Tag>
                )}
                {item.analysis?.topics.map((tp) => (
                  <Tag key={tp.topicId}>{i18n.language === 'en' && tp.nameEn ? tp.nameEn : tp.topic}</Tag>
                ))}
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {item.author ?? ''} · {item.orgUnit ? unitLabel(item.orgUnit) : t('brandWide')} ·{' '}
                  {time.dateTime(item.occurredAt)}
                  {item.url && (
                    <>
                      {' '}
                      ·{' '}
                      <a href={item.url} target="_blank" rel="noreferrer noopener">
                        {t('open')}
                      </a>
                    </>
                  )}
                </Typography.Text>
              </Space>
              {item.inApp?.screenshot && (
                <Image
                  src={screenshotUrl(item.id)}
                  alt={t('inApp.screenshot')}
                  width={120}
                  style={{ maxHeight: 160, objectFit: 'contain' }}
                  data-testid="feedback-screenshot"
                />
              )}
            </Space>
          </List.Item>
        )}
      />
      {list.hasNextPage && (
        <Button block onClick={() => list.fetchNextPage()} loading={list.isFetchingNextPage}>
          {t('more')}
        </Button>
      )}
      {creating && <CreateModal onClose={() => setCreating(false)} />}
      {replying && <ReplyDrawer item={replying} onClose={() => setReplying(undefined)} />}
      <ImportModal open={importing} onClose={() => setImporting(false)} />
    </div>
  );
}

function CreateModal({ onClose }: { onClose: () => void }) {
  const { t, i18n } = useTranslation('feedback');
  const { message } = App.useApp();
  const tps = useTouchpoints();
  const [form] = Form.useForm();
  const save = useCreateFeedback({
    onSuccess: () => {
      message.success(t('saved'));
      onClose();
    },
    onError: (err) => {
      form.setFields(formErrors(err));
      message.error(err.message);
    },
  });
  return (
    <Modal
      open
      onCancel={onClose}
      title={t('add')}
      onOk={() => form.submit()}
      confirmLoading={save.isPending}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" initialValues={{ source: 'app_review' }} onFinish={(v) => save.mutate(v)}>
        <Form.Item name="source" label={t('source')} rules={[{ required: true }]}>
          <Select options={SOURCES.map((s) => ({ value: s, label: t(`src.${s}`) }))} />
        </Form.Item>
        <Form.Item name="text" label={t('text')} rules={[{ required: true, whitespace: true }]}>
          <Input.TextArea rows={4} maxLength={20000} />
        </Form.Item>
        <Form.Item name="orgUnitId" label={t('unit')}>
          <UnitPicker />
        </Form.Item>
        <Form.Item name="touchpointId" label={t('touchpoint')}>
          <Select
            allowClear
            options={(tps.data ?? []).map((tp) => ({
              value: tp.id,
              label: i18n.language === 'en' && tp.nameEn ? tp.nameEn : tp.name,
            }))}
          />
        </Form.Item>
        <Space wrap>
          <Form.Item name="channel" label={t('channel')}>
            <Input maxLength={100} placeholder="大众点评" />
          </Form.Item>
          <Form.Item name="author" label={t('author')}>
            <Input maxLength={200} />
          </Form.Item>
          <Form.Item name="rating" label={t('rating')}>
            <InputNumber min={0} max={10} />
          </Form.Item>
        </Space>
        <Form.Item name="url" label="URL">
          <Input maxLength={2000} placeholder="https://" />
        </Form.Item>
        <Form.Item name="customerRef" label={t('customerRef')}>
          <Input maxLength={200} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
