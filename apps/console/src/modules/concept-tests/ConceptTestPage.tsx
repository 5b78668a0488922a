import { ArrowLeftOutlined } from '@ant-design/icons';
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  Descriptions,
  Empty,
  Form,
  Grid,
  InputNumber,
  Modal,
  Popconfirm,
  Progress,
  Radio,
  Row,
  Space,
  Spin,
  Statistic,
  Table,
  Timeline,
  Typography,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { formErrors } from '../../lib/api.ts';
import { useMe } from '../../lib/me.tsx';
import { ApprovalBar } from './ApprovalBar.tsx';
import {
  CONFIDENCES,
  type ConceptTest,
  type GateEvidence,
  useConceptTest,
  useGate,
  usePatchConceptTest,
  useRecordDecision,
  useRecords,
} from './api.ts';
import { OverrideModal } from './OverrideModal.tsx';
import { DecisionTag, pct } from './present.tsx';

type Reason = GateEvidence['reasons'][number];

/** The live decision: the approval bar with interval and threshold, n against the minimum, the rule. */
function LiveGate({ test, gate }: { test: ConceptTest; gate: GateEvidence }) {
  const { t } = useTranslation('concept');
  return (
    <Card size="small" title={t('live')} extra={<DecisionTag decision={gate.decision} />} data-testid="live-gate">
      <Row gutter={[16, 8]}>
        <Col xs={12} md={6}>
          <Statistic title={t('approval')} value={pct(gate.approval)} />
        </Col>
        <Col xs={12} md={6}>
          <Statistic title={t('threshold')} value={pct(gate.threshold)} />
        </Col>
        <Col xs={24} md={12}>
          <Typography.Text type="secondary">{t('sample', { n: gate.n, min: gate.minN })}</Typography.Text>
          <Progress
            percent={Math.min(100, Math.round((gate.n / gate.minN) * 100))}
            status={gate.n >= gate.minN ? 'success' : 'active'}
            showInfo={false}
          />
          <Typography.Text type="secondary">{t('approvals', { k: gate.approvals, n: gate.n })}</Typography.Text>
        </Col>
      </Row>
      <ApprovalBar approval={gate.approval} ci={gate.ci} threshold={gate.threshold} confidence={gate.confidence} />
      {gate.ci && (
        <Typography.Text data-testid="gate-interval">
          {t('interval', { level: gate.confidence * 100, lo: pct(gate.ci[0]), hi: pct(gate.ci[1]) })}
        </Typography.Text>
      )}
      <Typography.Paragraph type="secondary" style={{ fontSize: 12, margin: '8px 0 0' }}>
        {t('liveHelp')}. {t('rule')}
      </Typography.Paragraph>
      {test.surveyStatus === 'draft' && (
        <Alert type="info" showIcon message={t('surveyDraft')} style={{ marginTop: 8 }} />
      )}
    </Card>
  );
}

/** SUS or SEQ: the mean score with its interval (and, for SUS, the adjective band). */
function Usability({ u }: { u: NonNullable<GateEvidence['usability']> }) {
  const { t } = useTranslation('concept');
  const max = u.kind === 'sus' ? 100 : 7;
  return (
    <Card size="small" title={t('usability')} data-testid="usability">
      <Space wrap size={24} align="center">
        <Progress
          type="dashboard"
          percent={u.mean === null ? 0 : Math.round((u.mean / max) * 100)}
          format={() => (u.mean === null ? '—' : u.mean.toFixed(1))}
        />
        <Space direction="vertical" size={2}>
          <Typography.Text strong>
            {t(u.kind)} {u.band ? `· ${t(`bands.${u.band}`)}` : ''}
          </Typography.Text>
          {u.ci && (
            <Typography.Text type="secondary">
              95% [{u.ci[0].toFixed(1)} – {u.ci[1].toFixed(1)}]
            </Typography.Text>
          )}
          <Typography.Text type="secondary">n = {u.n}</Typography.Text>
        </Space>
      </Space>
    </Card>
  );
}

/** The evidence: top reasons, negative reasons and approval by segment. */
function Evidence({ gate }: { gate: GateEvidence }) {
  const { t, i18n } = useTranslation('concept');
  const phone = !Grid.useBreakpoint().md;
  const name = (r: Reason) => (i18n.language === 'en' && r.nameEn ? r.nameEn : r.name);
  const reasonTable = (list: Reason[], testId: string) => (
    <Table
      rowKey="topicId"
      size="small"
      pagination={false}
      dataSource={list}
      locale={{ emptyText: t('noReasons') }}
      scroll={phone ? { x: 'max-content' } : undefined}
      data-testid={testId}
      columns={[
        { title: t('topic'), key: 'topic', render: (_, r) => name(r) },
        { title: t('mentions'), dataIndex: 'n', align: 'right' },
        { title: t('negative'), dataIndex: 'negative', align: 'right' },
        { title: t('approvers'), dataIndex: 'approvers', align: 'right' },
        { title: t('others'), dataIndex: 'others', align: 'right' },
      ]}
    />
  );
  return (
    <Row gutter={[12, 12]}>
      <Col xs={24} lg={12}>
        <Card size="small" title={t('reasons')}>
          {reasonTable(gate.reasons, 'reasons')}
        </Card>
      </Col>
      <Col xs={24} lg={12}>
        <Card size="small" title={t('negativeReasons')}>
          {reasonTable(gate.negativeReasons, 'negative-reasons')}
        </Card>
      </Col>
      <Col xs={24}>
        <Card size="small" title={t('bySegment')}>
          <Table
            rowKey={(r) => `${r.by}:${r.key}`}
            size="small"
            pagination={false}
            dataSource={gate.bySegment}
            scroll={phone ? { x: 'max-content' } : undefined}
            data-testid="segments"
            columns={[
              { title: t('segment'), key: 'by', render: (_, r) => (r.by === 'unit' ? t('byUnit') : t('byAnswer')) },
              {
                title: t('name'),
                key: 'label',
                render: (_, r) => (i18n.language === 'en' && r.labelEn ? r.labelEn : r.label),
              },
              { title: 'n', dataIndex: 'n', align: 'right' },
              {
                title: t('approval'),
                key: 'approval',
                align: 'right',
                render: (_, r) => (
                  <span>
                    {pct(r.approval)}{' '}
                    {r.ci && (
                      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                        [{pct(r.ci[0])}–{pct(r.ci[1])}]
                      </Typography.Text>
                    )}
                  </span>
                ),
              },
            ]}
          />
        </Card>
      </Col>
    </Row>
  );
}

/** The gate settings (name, threshold, minimum n, confidence), editable until a decision is recorded. */
function SettingsModal({ test, open, onClose }: { test: ConceptTest; open: boolean; onClose: () => void }) {
  const { t } = useTranslation('concept');
  const { message } = App.useApp();
  const [form] = Form.useForm<{ thresholdPct: number; minN: number; confidence: number }>();
  const patch = usePatchConceptTest(test.id, {
    onSuccess: () => {
      message.success(t('saved'));
      onClose();
    },
    onError: (err) => {
      form.setFields(formErrors(err) as never);
      message.error(err.message);
    },
  });
  return (
    <Modal
      open={open}
      title={t('edit')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okButtonProps={{ loading: patch.isPending }}
      destroyOnClose
    >
      <Form
        form={form}
        layout="vertical"
        initialValues={{
          thresholdPct: Math.round(test.threshold * 1000) / 10,
          minN: test.minN,
          confidence: test.confidence,
        }}
        onFinish={(v) =>
          patch.mutate({
            threshold: Math.round(v.thresholdPct * 100) / 10000,
            minN: v.minN,
            confidence: v.confidence as 0.95,
          })
        }
      >
        <Form.Item name="thresholdPct" label={t('threshold')} rules={[{ required: true }]}>
          <InputNumber min={1} max={99} addonAfter="%" />
        </Form.Item>
        <Form.Item name="minN" label={t('minN')} rules={[{ required: true }]}>
          <InputNumber min={1} max={100000} />
        </Form.Item>
        <Form.Item name="confidence" label={t('confidence')}>
          <Radio.Group optionType="button" options={CONFIDENCES.map((c) => ({ value: c, label: `${c * 100}%` }))} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** A concept test: its live gate, evidence, usability score, recorded decisions and the actions on them. */
export function ConceptTestPage() {
  const { id } = useParams();
  const { t } = useTranslation('concept');
  const { message } = App.useApp();
  const me = useMe();
  const test = useConceptTest(id);
  const gate = useGate(id);
  const records = useRecords(id);
  const [overriding, setOverriding] = useState(false);
  const [editing, setEditing] = useState(false);
  const record = useRecordDecision(id ?? '', {
    onSuccess: () => message.success(t('recorded')),
    onError: (err) => message.error(err.message),
  });
  const patch = usePatchConceptTest(id ?? '', { onError: (err) => message.error(err.message) });
  if (test.error) return <Alert type="error" showIcon message={(test.error as Error).message} />;
  if (!test.data) return <Spin />;
  const c = test.data;
  const manage = me.can('surveys.write');
  const locked = (records.data ?? []).length > 0;
  return (
    <Space direction="vertical" size={12} style={{ width: '100%' }}>
      <Link to="/concept-tests">
        <ArrowLeftOutlined /> {t('nav')}
      </Link>
      <Space wrap align="center">
        <Typography.Title level={3} style={{ margin: 0 }}>
          {c.name}
        </Typography.Title>
        <DecisionTag decision={c.status} overridden={c.statusKind === 'override'} />
      </Space>
      {manage && (
        <Space wrap>
          <Popconfirm
            title={t('recordConfirm', { d: gate.data ? t(`decisions.${gate.data.decision}`) : '' })}
            onConfirm={() => record.mutate()}
            disabled={!gate.data || c.archived}
          >
            <Button
              type="primary"
              loading={record.isPending}
              disabled={!gate.data || c.archived}
              data-testid="record-decision"
            >
              {t('record')}
            </Button>
          </Popconfirm>
          <Button danger disabled={!locked || c.archived} onClick={() => setOverriding(true)} data-testid="override">
            {t('override')}
          </Button>
          <Button disabled={locked} onClick={() => setEditing(true)}>
            {t('edit')}
          </Button>
          <Button loading={patch.isPending} onClick={() => patch.mutate({ archived: !c.archived })}>
            {c.archived ? t('restore') : t('archive')}
          </Button>
        </Space>
      )}
      <Descriptions size="small" bordered column={{ xs: 1, md: 3 }}>
        <Descriptions.Item label={t('kind')}>{t(`kinds.${c.kind}`)}</Descriptions.Item>
        <Descriptions.Item label={t('survey')}>{c.surveyName}</Descriptions.Item>
        {c.product && (
          <Descriptions.Item label={t('product')}>
            <Link to={`/products/${c.product.id}`} data-testid="concept-product-link">
              {c.product.name} ({c.product.code})
            </Link>
          </Descriptions.Item>
        )}
        <Descriptions.Item label={t('approvalQuestion')}>
          {c.approvalQuestion}
          {c.approveAtLeast !== null && ` ≥ ${c.approveAtLeast}`}
          {c.approveValues.length > 0 && ` ∈ {${c.approveValues.join(', ')}}`}
          {c.approvalQuestionType === 'boolean' && ` = ${t('booleanApproves')}`}
        </Descriptions.Item>
        <Descriptions.Item label={t('threshold')}>{pct(c.threshold)}</Descriptions.Item>
        <Descriptions.Item label={t('minN')}>{c.minN}</Descriptions.Item>
        <Descriptions.Item label={t('confidence')}>{c.confidence * 100}%</Descriptions.Item>
      </Descriptions>
      {locked && <Typography.Text type="secondary">{t('settingsLocked')}</Typography.Text>}
      {gate.error && <Alert type="error" showIcon message={(gate.error as Error).message} />}
      {gate.isLoading && <Spin />}
      {gate.data && <LiveGate test={c} gate={gate.data} />}
      {gate.data?.usability && <Usability u={gate.data.usability} />}
      {gate.data && <Evidence gate={gate.data} />}
      <Card size="small" title={t('history')} data-testid="history">
        {(records.data ?? []).length === 0 ? (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('noHistory')} />
        ) : (
          <Timeline
            items={(records.data ?? [])
              .slice()
              .reverse()
              .map((r) => ({
                color: r.decision === 'launch' ? 'green' : r.decision === 'veto' ? 'red' : 'gold',
                children: (
                  <Space direction="vertical" size={2}>
                    <Space wrap size={4}>
                      <DecisionTag decision={r.decision} overridden={r.kind === 'override'} />
                      <Typography.Text type="secondary">
                        {new Date(r.recordedAt).toLocaleString()} ·{' '}
                        {t(r.kind === 'override' ? 'overrideBy' : 'computedBy', { who: r.recordedBy?.name ?? '—' })}
                      </Typography.Text>
                    </Space>
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {t('approvals', { k: r.evidence.approvals, n: r.evidence.n })} · {pct(r.evidence.approval)}
                      {r.evidence.ci && ` [${pct(r.evidence.ci[0])}–${pct(r.evidence.ci[1])}]`}
                    </Typography.Text>
                    {r.justification && (
                      <Typography.Paragraph style={{ margin: 0 }}>“{r.justification}”</Typography.Paragraph>
                    )}
                  </Space>
                ),
              }))}
          />
        )}
      </Card>
      <OverrideModal id={c.id} current={c.status} open={overriding} onClose={() => setOverriding(false)} />
      <SettingsModal test={c} open={editing} onClose={() => setEditing(false)} />
    </Space>
  );
}
