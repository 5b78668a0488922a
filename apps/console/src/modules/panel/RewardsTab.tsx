import { PlusOutlined } from '@ant-design/icons';
import type { TPanelRedemptionStatus } from '@loopcx/shared';
import {
  App,
  Button,
  Card,
  Drawer,
  Form,
  Input,
  InputNumber,
  List,
  Segmented,
  Space,
  Switch,
  Tag,
  Typography,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formErrors } from '../../lib/api.ts';
import {
  type TPanel,
  type TPanelRedemption,
  type TPanelReward,
  useRedemptions,
  useResolveRedemption,
  useRewards,
  useSaveReward,
} from './api.ts';
import { when } from './present-panel.ts';

const REDEMPTION_COLOR: Record<TPanelRedemptionStatus, string> = {
  pending: 'gold',
  fulfilled: 'green',
  cancelled: 'default',
};

/** The panel's rewards list (managers edit it) and the members' redemptions (reviewers fulfil or cancel them). */
export function Rewards({ panel, manage, phone }: { panel: TPanel; manage: boolean; phone: boolean }) {
  const { t } = useTranslation('panel');
  const rewards = useRewards(panel.id);
  const [editing, setEditing] = useState<TPanelReward | 'new' | null>(null);
  const [status, setStatus] = useState<TPanelRedemptionStatus | 'all'>('pending');
  const redemptions = useRedemptions(panel.id, status);
  return (
    <Space direction="vertical" style={{ width: '100%' }} size={16}>
      <Card
        size="small"
        title={t('w.rewards')}
        extra={
          manage && (
            <Button icon={<PlusOutlined />} onClick={() => setEditing('new')} data-testid="new-reward">
              {t('w.new')}
            </Button>
          )
        }
      >
        <Typography.Paragraph type="secondary">{t('w.help')}</Typography.Paragraph>
        <List
          loading={rewards.isLoading}
          dataSource={rewards.data ?? []}
          locale={{ emptyText: t('w.none') }}
          data-testid="reward-list"
          renderItem={(r) => (
            <List.Item
              actions={
                manage
                  ? [
                      <Button key="edit" size="small" onClick={() => setEditing(r)}>
                        {t('edit')}
                      </Button>,
                    ]
                  : []
              }
            >
              <List.Item.Meta
                title={
                  <Space wrap size={4}>
                    <span>{r.name}</span>
                    {!r.active && <Tag>{t('w.inactive')}</Tag>}
                  </Space>
                }
                description={t('w.line', {
                  cost: r.pointsCost,
                  stock: r.stock === null ? t('w.unlimited') : r.stock,
                  n: r.redeemed,
                })}
              />
            </List.Item>
          )}
        />
      </Card>
      <Card size="small" title={t('w.redemptions')}>
        <Segmented
          value={status}
          onChange={(v) => setStatus(v as typeof status)}
          options={(['pending', 'fulfilled', 'cancelled', 'all'] as const).map((k) => ({
            value: k,
            label: t(`w.status.${k}`),
          }))}
          style={{ marginBottom: 12, maxWidth: '100%', overflowX: 'auto' }}
        />
        <List
          loading={redemptions.isLoading}
          dataSource={redemptions.data?.items ?? []}
          locale={{ emptyText: t('w.noRedemptions') }}
          renderItem={(x) => <RedemptionItem key={x.id} x={x} canResolve={manage} />}
        />
      </Card>
      {editing && (
        <RewardDrawer
          panel={panel}
          reward={editing === 'new' ? null : editing}
          phone={phone}
          onClose={() => setEditing(null)}
        />
      )}
    </Space>
  );
}

function RedemptionItem({ x, canResolve }: { x: TPanelRedemption; canResolve: boolean }) {
  const { t } = useTranslation('panel');
  const { message } = App.useApp();
  const [note, setNote] = useState('');
  const resolve = useResolveRedemption({
    onSuccess: (out) => message.success(t(out.status === 'fulfilled' ? 'w.fulfilled' : 'w.cancelled')),
    onError: (e) => message.error(e.message),
  });
  return (
    <Card
      size="small"
      style={{ marginBottom: 8 }}
      data-testid="redemption"
      title={`${x.memberName} · ${x.rewardName}`}
      extra={<Tag color={REDEMPTION_COLOR[x.status]}>{t(`w.status.${x.status}`)}</Tag>}
    >
      <Space direction="vertical" style={{ width: '100%' }} size={6}>
        <Typography.Text type="secondary">
          {t('w.spent', { n: x.points })} · {when(x.createdAt)}
          {x.handledAt ? ` → ${when(x.handledAt)}` : ''}
        </Typography.Text>
        {x.note && <Typography.Text>{x.note}</Typography.Text>}
        {x.status === 'pending' && canResolve && (
          <Space direction="vertical" style={{ width: '100%' }}>
            <Input
              maxLength={500}
              placeholder={t('w.note')}
              value={note}
              onChange={(e) => setNote(e.target.value)}
              aria-label={t('w.note')}
            />
            <Space wrap>
              <Button
                type="primary"
                data-testid="fulfil"
                loading={resolve.isPending}
                onClick={() => resolve.mutate({ id: x.id, status: 'fulfilled', note: note.trim() || undefined })}
              >
                {t('w.fulfil')}
              </Button>
              <Button
                danger
                data-testid="cancel-redemption"
                disabled={resolve.isPending}
                onClick={() => {
                  if (!note.trim()) return message.warning(t('w.noteRequired'));
                  resolve.mutate({ id: x.id, status: 'cancelled', note: note.trim() });
                }}
              >
                {t('w.cancel')}
              </Button>
            </Space>
          </Space>
        )}
      </Space>
    </Card>
  );
}

interface RewardForm {
  name: string;
  description?: string;
  pointsCost: number;
  limited: boolean;
  stock?: number;
  active: boolean;
}

function RewardDrawer({
  panel,
  reward,
  phone,
  onClose,
}: {
  panel: TPanel;
  reward: TPanelReward | null;
  phone: boolean;
  onClose: () => void;
}) {
  const { t } = useTranslation('panel');
  const { message } = App.useApp();
  const [form] = Form.useForm<RewardForm>();
  const limited = Form.useWatch('limited', form);
  const save = useSaveReward({
    onSuccess: () => {
      message.success(t('saved'));
      onClose();
    },
    onError: (err) => {
      const fields = formErrors(err);
      if (fields.length) form.setFields(fields as never);
      else message.error(err.message);
    },
  });
  const submit = (v: RewardForm) =>
    save.mutate({
      panelId: panel.id,
      id: reward?.id,
      body: {
        name: v.name,
        description: reward ? v.description || null : v.description || undefined,
        pointsCost: v.pointsCost,
        stock: v.limited ? (v.stock ?? 0) : null,
        active: v.active,
      },
    });
  return (
    <Drawer
      open
      title={reward ? reward.name : t('w.new')}
      width={phone ? '100%' : 480}
      onClose={onClose}
      destroyOnHidden
    >
      <Form
        form={form}
        layout="vertical"
        onFinish={submit}
        initialValues={{
          name: reward?.name,
          description: reward?.description ?? undefined,
          pointsCost: reward?.pointsCost ?? 100,
          limited: reward ? reward.stock !== null : false,
          stock: reward?.stock ?? 10,
          active: reward?.active ?? true,
        }}
      >
        <Form.Item name="name" label={t('w.name')} rules={[{ required: true, max: 120 }]}>
          <Input />
        </Form.Item>
        <Form.Item name="description" label={t('w.description')} rules={[{ max: 2000 }]}>
          <Input.TextArea rows={2} />
        </Form.Item>
        <Form.Item name="pointsCost" label={t('w.cost')} rules={[{ required: true }]}>
          <InputNumber min={1} max={10_000_000} precision={0} style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item name="limited" label={t('w.limited')} valuePropName="checked">
          <Switch />
        </Form.Item>
        {limited && (
          <Form.Item name="stock" label={t('w.stock')} rules={[{ required: true }]}>
            <InputNumber min={0} max={1_000_000} precision={0} style={{ width: '100%' }} />
          </Form.Item>
        )}
        <Form.Item name="active" label={t('w.active')} valuePropName="checked">
          <Switch />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={save.isPending} block={phone} data-testid="save-reward">
          {t('w.save')}
        </Button>
      </Form>
    </Drawer>
  );
}
