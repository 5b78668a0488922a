import { ArrowDownOutlined, ArrowUpOutlined, PlusOutlined } from '@ant-design/icons';
import type { TNbaCondition, TNbaRule } from '@loopcx/shared';
import { Alert, App, Button, Card, Drawer, Empty, Popconfirm, Space, Spin, Switch, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMe } from '../../lib/me.tsx';
import { useSegments } from '../customers/api.ts';
import { useProducts } from '../products/api.ts';
import { useTaxonomy } from '../text/api.ts';
import { useDeleteRule, useNbaRules, usePatchRule, useReorderRules, useUplift } from './api.ts';
import { RuleDrawer } from './RuleDrawer.tsx';
import { RuleUplift, UpliftResult } from './UpliftView.tsx';

/** A condition in a few words, for the rule list: segments, topics and products by name. */
function useConditionText() {
  const { t, i18n } = useTranslation('nba');
  const segments = useSegments();
  const taxonomy = useTaxonomy();
  const products = useProducts({});
  const segmentName = (id: string) => segments.data?.find((s) => s.id === id)?.name ?? '';
  const topicName = (id: string) => {
    const x = taxonomy.data?.topics.find((s) => s.id === id);
    return x ? (i18n.language === 'en' && x.nameEn ? x.nameEn : x.name) : '';
  };
  const productName = (id: string) => products.data?.items.find((p) => p.id === id)?.name ?? '';
  return (c: TNbaCondition): string => {
    switch (c.kind) {
      case 'segment':
        return `${t('kinds.segment')} ${segmentName(c.segmentId)}`.trim();
      case 'tier':
        return `${t('kinds.tier')} ${c.tiers.join('/')}`;
      case 'tag':
        return `${c.present === false ? '¬' : ''}${t('kinds.tag')} ${c.tag}`;
      case 'lastScore':
        return `${c.metric.toUpperCase()} ${t(`ops.${c.op}`)} ${c.value} (${c.withinDays}d)`;
      case 'sentiment':
        return `${t(`sentiments.${c.sentiment ?? 'negative'}`)} (${c.withinDays}d)`;
      case 'topic':
        return `${t('kinds.topic')} ${topicName(c.topicId)}${c.negativeOnly ? ` ${t('sentiments.negative')}` : ''} (${c.withinDays}d)`;
      case 'openTicket':
        return c.open ? t('form.open') : t('form.notOpen');
      case 'holdsProduct':
        return `${c.held === false ? '¬' : ''}${t('kinds.holdsProduct')} ${productName(c.productId)}`.trim();
    }
  };
}

/** The uplift summary of a rule in the list: verdict, difference, and a red flag when it does not work. */
function UpliftSummary({ rule }: { rule: TNbaRule }) {
  const { t } = useTranslation('nba');
  const uplift = useUplift(rule.id);
  if (!uplift.data) return uplift.isLoading ? <Spin size="small" /> : null;
  const u = uplift.data;
  const flagged = u.verdict !== 'works' && u.treatment.n + u.holdout.n > 0;
  return (
    <div data-testid={`nba-uplift-${rule.id}`}>
      {flagged && (
        <Tag color={u.verdict === 'harms' ? 'red' : 'orange'} data-testid="nba-flag">
          {t('uplift.notWorking')}
        </Tag>
      )}
      <UpliftResult uplift={u} compact />
    </div>
  );
}

/** 下一步最佳行动: the rules in priority order with their holdout and measured uplift; editor and uplift detail. */
export function NbaPage() {
  const { t } = useTranslation('nba');
  const { message } = App.useApp();
  const me = useMe();
  const canManage = me.can('nba.manage');
  const rules = useNbaRules();
  const [editing, setEditing] = useState<TNbaRule | 'new' | undefined>();
  const [detail, setDetail] = useState<TNbaRule | undefined>();
  const reorder = useReorderRules({
    onSuccess: () => message.success(t('reordered')),
    onError: (err) => message.error(err.message),
  });
  const patch = usePatchRule({ onError: (err) => message.error(err.message) });
  const remove = useDeleteRule({
    onSuccess: () => message.success(t('deleted')),
    onError: (err) => message.error(err.message),
  });
  const cond = useConditionText();
  const list = rules.data ?? [];
  const move = (i: number, by: -1 | 1) => {
    const ids = list.map((r) => r.id);
    [ids[i], ids[i + by]] = [ids[i + by], ids[i]];
    reorder.mutate(ids);
  };
  return (
    <div>
      <Space style={{ marginBottom: 8, justifyContent: 'space-between', width: '100%', flexWrap: 'wrap' }}>
        <Typography.Title level={4} style={{ margin: 0 }}>
          {t('title')}
        </Typography.Title>
        {canManage && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')} data-testid="nba-new">
            {t('newRule')}
          </Button>
        )}
      </Space>
      <Typography.Paragraph type="secondary">{t('intro')}</Typography.Paragraph>
      {rules.error && <Alert type="error" message={(rules.error as Error).message} />}
      {rules.isLoading && <Spin />}
      {rules.data && list.length === 0 && <Empty description={t('empty')} />}
      <Space direction="vertical" style={{ width: '100%' }} size={12}>
        {list.map((r, i) => (
          <Card
            key={r.id}
            size="small"
            data-testid="nba-rule"
            title={
              <Space wrap size={4}>
                <Tag>{i + 1}</Tag>
                <span style={{ whiteSpace: 'normal' }}>{r.name}</span>
              </Space>
            }
            extra={
              canManage && (
                <Space size={2}>
                  <Button
                    size="small"
                    icon={<ArrowUpOutlined />}
                    aria-label={t('up')}
                    disabled={i === 0 || reorder.isPending}
                    onClick={() => move(i, -1)}
                  />
                  <Button
                    size="small"
                    icon={<ArrowDownOutlined />}
                    aria-label={t('down')}
                    disabled={i === list.length - 1 || reorder.isPending}
                    onClick={() => move(i, 1)}
                  />
                </Space>
              )
            }
          >
            <Space direction="vertical" style={{ width: '100%' }} size={6}>
              <Space wrap size={4}>
                {r.conditions.length === 0 && <Tag>{t('noConditions')}</Tag>}
                {r.conditions.map((c, j) => (
                  // biome-ignore lint/suspicious/noArrayIndexKey: a condition's place is its identity
                  <Tag key={j} color="geekblue">
                    {cond(c)}
                  </Tag>
                ))}
              </Space>
              <Space wrap size={4}>
                <Tag color="blue">{t(`actions.${r.action.type}`)}</Tag>
                <Typography.Text>{r.action.label}</Typography.Text>
                <Typography.Text type="secondary">· {r.action.reasonCode}</Typography.Text>
              </Space>
              <Space wrap size={4}>
                <Tag>{t('holdout', { pct: r.holdoutPct })}</Tag>
                <Tag>{t('cooldown', { days: r.cooldownDays })}</Tag>
                {canManage ? (
                  <Switch
                    size="small"
                    checked={r.enabled}
                    checkedChildren={t('enabled')}
                    unCheckedChildren={t('disabled')}
                    onChange={(enabled) => patch.mutate({ id: r.id, patch: { enabled } })}
                  />
                ) : (
                  !r.enabled && <Tag>{t('disabled')}</Tag>
                )}
              </Space>
              <UpliftSummary rule={r} />
              <Space wrap>
                <Button size="small" onClick={() => setDetail(r)}>
                  {t('upliftDetail')}
                </Button>
                {canManage && (
                  <>
                    <Button size="small" onClick={() => setEditing(r)}>
                      {t('edit')}
                    </Button>
                    <Popconfirm title={t('confirmDelete')} onConfirm={() => remove.mutate(r.id)}>
                      <Button size="small" danger>
                        {t('delete')}
                      </Button>
                    </Popconfirm>
                  </>
                )}
              </Space>
            </Space>
          </Card>
        ))}
      </Space>
      {editing && (
        <RuleDrawer
          key={editing === 'new' ? 'new' : editing.id}
          rule={editing === 'new' ? undefined : editing}
          open
          onClose={() => setEditing(undefined)}
        />
      )}
      <Drawer
        open={!!detail}
        onClose={() => setDetail(undefined)}
        title={detail ? `${t('uplift.title')} · ${detail.name}` : ''}
        width="min(560px, 100vw)"
        destroyOnHidden
      >
        {detail && <RuleUplift ruleId={detail.id} />}
      </Drawer>
    </div>
  );
}
