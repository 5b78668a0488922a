import { ArrowLeftOutlined, EditOutlined, RobotOutlined, SwapOutlined } from '@ant-design/icons';
import type { TProductStage, TScorecard } from '@loopcx/shared';
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  Descriptions,
  Empty,
  Form,
  Input,
  Modal,
  Row,
  Select,
  Space,
  Spin,
  Statistic,
  Steps,
  Timeline,
  Typography,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { Chart } from '../../components/Chart.tsx';
import { UnitPicker } from '../../components/UnitPicker.tsx';
import { chartFrame, shortLabels } from '../../lib/charts.ts';
import { useMe } from '../../lib/me.tsx';
import { useTenantTime } from '../../lib/time.ts';
import { useChangeStage, useProduct, useScorecard } from './api.ts';
import { ProductBackfill } from './ProductBackfill.tsx';
import { ProductConceptTests } from './ProductConceptTests.tsx';
import { ProductDrawer } from './ProductDrawer.tsx';
import { StageTag, signed } from './present.tsx';

const LIFECYCLE: TProductStage[] = ['concept', 'test', 'launched', 'review', 'retired'];

/** One product: lifecycle stepper, stage moves with notes, its history, holders and the post-launch scorecard. */
export function ProductPage() {
  const { id } = useParams();
  const { t, i18n } = useTranslation('products');
  const me = useMe();
  const time = useTenantTime();
  const { message } = App.useApp();
  const product = useProduct(id);
  const [unitId, setUnitId] = useState<string | undefined>();
  const [editing, setEditing] = useState(false);
  const [moving, setMoving] = useState(false);
  const [form] = Form.useForm<{ to: TProductStage; note?: string }>();
  const scorecard = useScorecard(id, { unitId });
  const move = useChangeStage(id ?? '', {
    onSuccess: () => {
      message.success(t('moved'));
      setMoving(false);
      form.resetFields();
    },
    onError: (err) => message.error(err.message),
  });
  if (product.isLoading) return <Spin />;
  const p = product.data;
  if (!p) return <Alert type="error" message={(product.error as Error)?.message} />;
  const canWrite = me.can('products.write');
  const en = i18n.language === 'en';
  const current = LIFECYCLE.indexOf(p.stage);
  return (
    <div>
      <Link to="/products">
        <ArrowLeftOutlined /> {t('back')}
      </Link>
      <Space wrap align="center" style={{ margin: '8px 0 12px', width: '100%', justifyContent: 'space-between' }}>
        <Space wrap align="center">
          <Typography.Title level={3} style={{ margin: 0 }}>
            {en && p.nameEn ? p.nameEn : p.name}
          </Typography.Title>
          <StageTag stage={p.stage} />
          <Typography.Text type="secondary">{p.code}</Typography.Text>
        </Space>
        {canWrite && (
          <Space wrap>
            <Button icon={<EditOutlined />} onClick={() => setEditing(true)}>
              {t('edit')}
            </Button>
            <Button
              type="primary"
              icon={<SwapOutlined />}
              disabled={!p.nextStages.length}
              onClick={() => setMoving(true)}
            >
              {t('moveTo')}
            </Button>
          </Space>
        )}
      </Space>
      <Card size="small" style={{ marginBottom: 12, overflowX: 'auto' }}>
        <Steps
          size="small"
          responsive={false}
          current={current}
          status={p.stage === 'review' ? 'error' : p.stage === 'retired' ? 'finish' : 'process'}
          items={LIFECYCLE.map((s) => ({ title: t(`stages.${s}`) }))}
          style={{ minWidth: 480 }}
        />
      </Card>
      <Row gutter={[12, 12]}>
        <Col xs={24} lg={8}>
          <Card size="small" title={t('name')} style={{ marginBottom: 12 }}>
            <Descriptions size="small" column={1}>
              <Descriptions.Item label={t('category')}>{p.category ?? '—'}</Descriptions.Item>
              <Descriptions.Item label={t('owner')}>{p.owner?.name ?? '—'}</Descriptions.Item>
              <Descriptions.Item label={t('holders')}>{p.holders}</Descriptions.Item>
              <Descriptions.Item label={t('launchedAt')}>
                {p.launchedAt ? time.date(p.launchedAt) : '—'}
              </Descriptions.Item>
              {p.retiredAt && <Descriptions.Item label={t('retiredAt')}>{time.date(p.retiredAt)}</Descriptions.Item>}
              <Descriptions.Item label={t('targets')}>
                {`${t('nps')} ${p.targets.nps ?? '—'} · ${t('csat')} ${p.targets.csat ?? '—'}`}
              </Descriptions.Item>
            </Descriptions>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {p.reviewRules ? t('ownRules') : t('rulesDefault')}
            </Typography.Text>
            <ul style={{ paddingLeft: 18, margin: '4px 0 0' }}>
              {p.effectiveReviewRules.map((r) => (
                <li key={`${r.metric}-${r.below}-${r.months}`} style={{ fontSize: 12 }}>
                  {t('ruleText', {
                    metric: r.metric.toUpperCase(),
                    below: r.below === 'target' ? t('target') : r.below,
                    months: r.months,
                    minN: r.minN,
                  })}
                </li>
              ))}
            </ul>
          </Card>
          <ProductBackfill product={p} canWrite={canWrite} />
          <ProductConceptTests productId={p.id} />
          <Card size="small" title={t('history')}>
            <Timeline
              items={p.history.map((h) => ({
                color: h.by ? 'blue' : 'orange',
                dot: h.by ? undefined : <RobotOutlined />,
                children: (
                  <div>
                    <Space wrap size={4}>
                      {h.from && <StageTag stage={h.from} />}→<StageTag stage={h.to} />
                    </Space>
                    <div style={{ fontSize: 12 }}>
                      <Typography.Text type="secondary">
                        {time.dateTime(h.at)} · {h.by ? h.by.name : t('byRule')}
                      </Typography.Text>
                    </div>
                    {h.note && <div style={{ fontSize: 13, wordBreak: 'break-word' }}>{h.note}</div>}
                  </div>
                ),
              }))}
            />
          </Card>
        </Col>
        <Col xs={24} lg={16}>
          <Card
            size="small"
            title={t('scorecard')}
            extra={
              <UnitPicker
                placeholder={t('unit')}
                value={unitId}
                onChange={(v) => setUnitId(v || undefined)}
                style={{ width: 180 }}
              />
            }
          >
            {scorecard.isLoading ? (
              <Spin />
            ) : scorecard.data ? (
              <ScorecardView sc={scorecard.data} />
            ) : (
              <Alert type="error" message={(scorecard.error as Error)?.message} />
            )}
          </Card>
        </Col>
      </Row>
      <ProductDrawer open={editing} product={p} onClose={() => setEditing(false)} />
      <Modal
        open={moving}
        title={t('moveTitle', { name: en && p.nameEn ? p.nameEn : p.name })}
        onCancel={() => setMoving(false)}
        onOk={() => form.submit()}
        confirmLoading={move.isPending}
        okText={t('core:common.save')}
        cancelText={t('core:common.cancel')}
        destroyOnHidden
      >
        <Form form={form} layout="vertical" onFinish={(v) => move.mutate(v)}>
          <Form.Item name="to" label={t('stage')} rules={[{ required: true }]}>
            <Select options={p.nextStages.map((s) => ({ value: s, label: t(`stages.${s}`) }))} />
          </Form.Item>
          <Form.Item name="note" label={t('note')}>
            <Input.TextArea maxLength={1000} rows={3} placeholder={t('notePlaceholder')} />
          </Form.Item>
        </Form>
      </Modal>
    </div>
  );
}

/** KPIs, the monthly NPS/CSAT trend with target lines, complaint topics. */
function ScorecardView({ sc }: { sc: TScorecard }) {
  const { t } = useTranslation('products');
  const kpi = (
    title: string,
    m: { value: number | null; n: number; ci: [number, number] | null; vsTarget: number | null },
    digits: number,
    extra?: string,
  ) => (
    <Col xs={12} md={6}>
      <Statistic title={title} value={m.value ?? '—'} precision={m.value === null ? undefined : digits} />
      <Typography.Text type="secondary" style={{ fontSize: 12, display: 'block' }}>
        {t('n', { n: m.n })}
        {m.ci ? ` · ${t('ci', { low: m.ci[0].toFixed(digits), high: m.ci[1].toFixed(digits) })}` : ''}
      </Typography.Text>
      {m.vsTarget !== null && (
        <Typography.Text type={m.vsTarget < 0 ? 'danger' : 'success'} style={{ fontSize: 12 }}>
          {t('vsTarget', { diff: signed(m.vsTarget) })}
        </Typography.Text>
      )}
      {extra && (
        <Typography.Text type="secondary" style={{ fontSize: 12, display: 'block' }}>
          {extra}
        </Typography.Text>
      )}
    </Col>
  );
  const trend = {
    ...chartFrame({ legend: true }),
    tooltip: { trigger: 'axis' as const },
    xAxis: { type: 'category' as const, data: sc.trend.map((m) => m.month) },
    yAxis: [
      { type: 'value' as const, name: t('nps'), min: -100, max: 100 },
      { type: 'value' as const, name: t('csat'), min: 1, max: 5, splitLine: { show: false } },
    ],
    series: [
      {
        name: t('nps'),
        type: 'line' as const,
        connectNulls: true,
        data: sc.trend.map((m) => m.nps),
        markLine:
          sc.nps.target === null ? undefined : { symbol: 'none', data: [{ yAxis: sc.nps.target, name: t('target') }] },
      },
      {
        name: t('csat'),
        type: 'line' as const,
        yAxisIndex: 1,
        connectNulls: true,
        data: sc.trend.map((m) => m.csat),
        markLine:
          sc.csat.target === null
            ? undefined
            : {
                symbol: 'none',
                lineStyle: { type: 'dotted' as const },
                data: [{ yAxis: sc.csat.target, name: t('target') }],
              },
      },
    ],
  };
  const topics = [...sc.complaints].reverse();
  const bars = {
    ...chartFrame(),
    tooltip: { trigger: 'axis' as const },
    xAxis: { type: 'value' as const, minInterval: 1 },
    yAxis: { type: 'category' as const, data: topics.map((c) => c.name), axisLabel: shortLabels(90) },
    series: [{ type: 'bar' as const, data: topics.map((c) => c.count), itemStyle: { color: '#cf1322' } }],
  };
  return (
    <div>
      <Typography.Text type="secondary">
        {t('period')}: {sc.from} ~ {sc.to}
      </Typography.Text>
      <Row gutter={[12, 12]} style={{ marginTop: 8 }}>
        {kpi(t('nps'), sc.nps, 1)}
        {kpi(t('csat'), sc.csat, 2, sc.csat.top2 === null ? undefined : t('top2', { value: sc.csat.top2.toFixed(1) }))}
        <Col xs={12} md={6}>
          <Statistic title={t('ticketsOpen')} value={sc.tickets.open} />
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t('ticketsClosed')} {sc.tickets.closed}
          </Typography.Text>
        </Col>
        <Col xs={12} md={6}>
          <Statistic
            title={t('returnRate')}
            value={sc.returnRate === null ? '—' : (sc.returnRate * 100).toFixed(1)}
            suffix={sc.returnRate === null ? undefined : '%'}
          />
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t('returns')} {sc.returns} / {t('orders')} {sc.orders} · {t('holders')} {sc.holders}
          </Typography.Text>
        </Col>
      </Row>
      <Typography.Title level={5} style={{ marginTop: 16 }}>
        {t('trend')}
      </Typography.Title>
      <Chart style={{ height: 260 }} option={trend} />
      <Typography.Title level={5} style={{ marginTop: 16 }}>
        {t('complaints')}
      </Typography.Title>
      {topics.length ? (
        <Chart style={{ height: Math.max(160, topics.length * 28 + 24) }} option={bars} />
      ) : (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('noComplaints')} />
      )}
    </div>
  );
}
