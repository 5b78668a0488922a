import {
  Alert,
  App,
  Button,
  Card,
  Empty,
  Form,
  Input,
  List,
  Modal,
  Radio,
  Segmented,
  Select,
  Space,
  Tag,
  Typography,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formErrors } from '../../lib/api.ts';
import { useTenantTime } from '../../lib/time.ts';
import {
  type Proposal,
  useAcceptProposal,
  useDiscovery,
  useDismissProposal,
  useRunDiscovery,
  useTaxonomy,
} from './api.ts';
import { useTopicLabel } from './shared.tsx';

/** Discovery proposals (noun–opinion pairs, uncovered nouns, rising negative terms) to accept into the taxonomy or dismiss. */
export function DiscoveryPanel() {
  const time = useTenantTime();
  const { t } = useTranslation('text');
  const { message } = App.useApp();
  const [kind, setKind] = useState<'all' | Proposal['kind']>('all');
  const [accepting, setAccepting] = useState<Proposal>();
  const list = useDiscovery(kind);
  const runNow = useRunDiscovery({ onError: (err) => message.error(err.message) });
  const dismiss = useDismissProposal({ onError: (err) => message.error(err.message) });
  const last = list.data?.lastRun;
  return (
    <>
      <Space wrap style={{ marginBottom: 12 }}>
        <Segmented
          value={kind}
          onChange={(v) => setKind(v as typeof kind)}
          options={(['all', 'pair', 'uncovered', 'rising'] as const).map((k) => ({ value: k, label: t(`kind.${k}`) }))}
        />
        <Button onClick={() => runNow.mutate()} loading={runNow.isPending || last?.status === 'running'}>
          {t('runDiscovery')}
        </Button>
        {last && (
          <Typography.Text type="secondary">
            {t('lastRun', { at: time.dateTime(last.finishedAt ?? last.startedAt) })}
          </Typography.Text>
        )}
      </Space>
      <Alert type="info" showIcon style={{ marginBottom: 12 }} message={t('discoveryHelp')} />
      <List
        grid={{ gutter: 12, xs: 1, sm: 1, md: 2, xl: 3 }}
        loading={list.isLoading}
        dataSource={list.data?.items ?? []}
        locale={{ emptyText: <Empty description={t('noProposals')} /> }}
        renderItem={(p) => (
          <List.Item>
            <Card
              size="small"
              data-testid="proposal"
              title={
                <Space>
                  <Tag color={p.kind === 'rising' ? 'red' : p.kind === 'pair' ? 'orange' : 'blue'}>
                    {t(`kind.${p.kind}`)}
                  </Tag>
                  <span>{p.kind === 'pair' ? `${p.terms[0]} · ${p.terms[1]}` : p.term}</span>
                </Space>
              }
              actions={[
                <Button key="a" type="link" onClick={() => setAccepting(p)}>
                  {t('accept')}
                </Button>,
                <Button key="d" type="link" danger onClick={() => dismiss.mutate(p.id)}>
                  {t('dismiss')}
                </Button>,
              ]}
            >
              <Typography.Text type="secondary">
                {p.kind === 'rising'
                  ? t('risingEvidence', {
                      n: p.evidence.count,
                      prev: p.evidence.previous ?? 0,
                      z: (p.evidence.z ?? 0).toFixed(1),
                    })
                  : t('countEvidence', { n: p.evidence.count })}
              </Typography.Text>
              <ul style={{ paddingLeft: 18, margin: '8px 0 0' }}>
                {p.evidence.examples.map((e) => (
                  <li key={e.analysisId} style={{ fontSize: 13 }}>
                    {e.text}
                  </li>
                ))}
              </ul>
            </Card>
          </List.Item>
        )}
      />
      {accepting && <AcceptModal proposal={accepting} onClose={() => setAccepting(undefined)} />}
    </>
  );
}

function AcceptModal({ proposal, onClose }: { proposal: Proposal; onClose: () => void }) {
  const { t } = useTranslation('text');
  const { message } = App.useApp();
  const taxonomy = useTaxonomy();
  const label = useTopicLabel();
  const [mode, setMode] = useState<'existing' | 'new'>('existing');
  const [form] = Form.useForm();
  const accept = useAcceptProposal(proposal.id, {
    onSuccess: () => {
      message.success(t('acceptedMsg', { kw: proposal.keyword }));
      onClose();
    },
    onError: (err) => {
      form.setFields(formErrors(err).map((f) => ({ ...f, name: f.name[0] === 'newTopic' ? f.name.slice(1) : f.name })));
      message.error(err.message);
    },
  });
  return (
    <Modal
      open
      onCancel={onClose}
      title={t('acceptTitle', { kw: proposal.keyword })}
      onOk={() => form.submit()}
      confirmLoading={accept.isPending}
      destroyOnHidden
    >
      <Radio.Group
        value={mode}
        onChange={(e) => setMode(e.target.value)}
        style={{ marginBottom: 12 }}
        options={[
          { value: 'existing', label: t('addToTopic') },
          { value: 'new', label: t('newTopic') },
        ]}
      />
      <Form
        form={form}
        layout="vertical"
        onFinish={(v: { topicId?: string; code?: string; name?: string; nameEn?: string; parentId?: string }) =>
          accept.mutate(
            mode === 'existing'
              ? { topicId: v.topicId }
              : { newTopic: { code: v.code, name: v.name, nameEn: v.nameEn || undefined, parentId: v.parentId } },
          )
        }
        initialValues={{ name: proposal.keyword }}
      >
        {mode === 'existing' ? (
          <Form.Item name="topicId" label={t('topic')} rules={[{ required: true }]}>
            <Select
              showSearch
              optionFilterProp="label"
              options={(taxonomy.data?.topics ?? []).map((x) => ({ value: x.id, label: label(x) }))}
            />
          </Form.Item>
        ) : (
          <>
            <Form.Item name="name" label={t('core:common.name')} rules={[{ required: true }]}>
              <Input maxLength={100} />
            </Form.Item>
            <Form.Item name="nameEn" label={t('core:common.nameEn')}>
              <Input maxLength={100} />
            </Form.Item>
            <Form.Item
              name="code"
              label={t('core:common.code')}
              rules={[{ required: true, pattern: /^[a-z0-9][a-z0-9-]{0,63}$/, message: t('codeHelp') }]}
            >
              <Input placeholder="mini-program" />
            </Form.Item>
            <Form.Item name="parentId" label={t('parent')}>
              <Select
                allowClear
                showSearch
                optionFilterProp="label"
                options={(taxonomy.data?.topics ?? []).map((x) => ({ value: x.id, label: label(x) }))}
              />
            </Form.Item>
          </>
        )}
      </Form>
    </Modal>
  );
}
