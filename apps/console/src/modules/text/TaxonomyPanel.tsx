import {
  Alert,
  App,
  Button,
  Card,
  Col,
  Form,
  Input,
  Modal,
  Popconfirm,
  Progress,
  Row,
  Select,
  Space,
  Tag,
  Tree,
  Typography,
} from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formErrors } from '../../lib/api.ts';
import { useMe } from '../../lib/me.tsx';
import { useDeleteTopic, useInstallPack, useRefreshText, useSaveTopic, useTaxonomy, useTextRun } from './api.ts';
import { type Topic, useTopicLabel } from './shared.tsx';

const PACKS = ['restaurant', 'retail', 'hotel', 'telecom', 'bank'] as const;
const split = (s?: string) =>
  (s ?? '')
    .split(/[,，\n]/)
    .map((x) => x.trim())
    .filter(Boolean);
const join = (l?: string[]) => (l ?? []).join(', ');

interface TopicForm {
  code: string;
  name: string;
  nameEn?: string;
  parentId?: string | null;
  zhInclude?: string;
  zhExclude?: string;
  enInclude?: string;
  enExclude?: string;
}

/** The topic tree with zh/en keyword rules, industry packs, and the progress of the reanalysis a change starts. */
export function TaxonomyPanel() {
  const { t } = useTranslation('text');
  const me = useMe();
  const { message } = App.useApp();
  const label = useTopicLabel();
  const taxonomy = useTaxonomy();
  const [editing, setEditing] = useState<Topic | 'new'>();
  const [pack, setPack] = useState<(typeof PACKS)[number]>('restaurant');
  const run = taxonomy.data?.reanalysis;
  const running = run?.status === 'running';
  // Poll while a reanalysis runs; counts on the overview follow when it finishes.
  const progress = useTextRun(run?.id, running);
  const refresh = useRefreshText();
  useEffect(() => {
    if (progress.data && progress.data.status !== 'running') refresh();
  }, [progress.data, refresh]);
  const shown = progress.data ?? run;
  const install = useInstallPack(pack, {
    onSuccess: () => message.success(t('installed')),
    onError: (err) => message.error(err.message),
  });
  const remove = useDeleteTopic({ onError: (err) => message.error(err.message) });
  const topics = taxonomy.data?.topics ?? [];
  const tree = useMemo(() => {
    const nodes = new Map(topics.map((x) => [x.id, { key: x.id, title: x, children: [] as unknown[] }]));
    const roots: unknown[] = [];
    for (const x of topics)
      (x.parentId && nodes.get(x.parentId) ? nodes.get(x.parentId)!.children : roots).push(nodes.get(x.id));
    return roots;
  }, [topics]);
  const canWrite = me.can('text.write');
  return (
    <>
      {shown && (
        <Alert
          style={{ marginBottom: 12 }}
          type={shown.status === 'running' ? 'info' : 'success'}
          message={shown.status === 'running' ? t('reanalysing') : t('reanalysed', { n: shown.done })}
          description={
            <Progress
              percent={Math.round(shown.progress * 100)}
              status={shown.status === 'running' ? 'active' : 'success'}
              data-testid="reanalysis-progress"
            />
          }
        />
      )}
      {canWrite && (
        <Card size="small" title={t('packs')} style={{ marginBottom: 12 }}>
          <Space wrap>
            <Select
              value={pack}
              onChange={setPack}
              style={{ minWidth: 180 }}
              options={PACKS.map((p) => ({ value: p, label: t(`pack.${p}`) }))}
            />
            <Popconfirm title={t('replaceConfirm')} onConfirm={() => install.mutate('replace')}>
              <Button loading={install.isPending} type={topics.length ? 'default' : 'primary'}>
                {t('installReplace')}
              </Button>
            </Popconfirm>
            {topics.length > 0 && (
              <Button onClick={() => install.mutate('merge')} loading={install.isPending}>
                {t('installMerge')}
              </Button>
            )}
          </Space>
          {taxonomy.data?.pack && (
            <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0 }}>
              {t('startedFrom', { pack: t(`pack.${taxonomy.data.pack}`) })}
            </Typography.Paragraph>
          )}
        </Card>
      )}
      <Card
        size="small"
        title={`${t('taxonomy')} (v${taxonomy.data?.version ?? 0})`}
        extra={
          canWrite && (
            <Button type="primary" size="small" onClick={() => setEditing('new')}>
              {t('addTopic')}
            </Button>
          )
        }
      >
        {topics.length === 0 ? (
          <Typography.Text type="secondary">{t('noTaxonomy')}</Typography.Text>
        ) : (
          <Tree
            defaultExpandAll
            blockNode
            selectable={false}
            treeData={tree as never}
            titleRender={(node) => {
              const x = (node as unknown as { title: Topic }).title;
              return (
                <Row gutter={8} wrap={false} style={{ width: '100%' }}>
                  <Col flex="auto" style={{ minWidth: 0 }}>
                    <Typography.Text strong>{label(x)}</Typography.Text> <Tag>{x.code}</Tag>
                    <div
                      style={{
                        fontSize: 12,
                        color: '#888',
                        overflow: 'hidden',
                        textOverflow: 'ellipsis',
                        whiteSpace: 'nowrap',
                      }}
                    >
                      {[join(x.rules.zh?.include), join(x.rules.en?.include)].filter(Boolean).join(' | ')}
                    </div>
                  </Col>
                  {canWrite && (
                    <Col flex="none">
                      <Button size="small" type="link" onClick={() => setEditing(x)}>
                        {t('core:common.edit')}
                      </Button>
                      <Popconfirm title={t('deleteConfirm')} onConfirm={() => remove.mutate(x.id)}>
                        <Button size="small" type="link" danger>
                          {t('core:common.delete')}
                        </Button>
                      </Popconfirm>
                    </Col>
                  )}
                </Row>
              );
            }}
          />
        )}
      </Card>
      {editing && (
        <TopicModal
          topic={editing === 'new' ? undefined : editing}
          topics={topics}
          onClose={() => setEditing(undefined)}
        />
      )}
    </>
  );
}

function TopicModal({ topic, topics, onClose }: { topic?: Topic; topics: Topic[]; onClose: () => void }) {
  const { t } = useTranslation('text');
  const { message } = App.useApp();
  const label = useTopicLabel();
  const [form] = Form.useForm();
  const save = useSaveTopic(topic?.id, {
    onSuccess: () => onClose(),
    onError: (err) => {
      // Server field names (rules.zh.include.3) map to the text areas.
      form.setFields(
        formErrors(err).map((f) => ({
          ...f,
          name:
            f.name[0] === 'rules'
              ? [`${f.name[1]}${String(f.name[2] ?? 'include').replace(/^./, (c) => c.toUpperCase())}`]
              : f.name,
        })),
      );
      message.error((err as Error).message);
    },
  });
  const submit = (v: TopicForm) => {
    const lang = (inc?: string, exc?: string) =>
      split(inc).length || split(exc).length
        ? { include: split(inc), ...(split(exc).length ? { exclude: split(exc) } : {}) }
        : undefined;
    const body = {
      code: v.code,
      name: v.name,
      nameEn: v.nameEn || undefined,
      parentId: v.parentId ?? null,
      rules: { zh: lang(v.zhInclude, v.zhExclude), en: lang(v.enInclude, v.enExclude) },
    };
    save.mutate(body);
  };
  return (
    <Modal
      open
      onCancel={onClose}
      title={topic ? t('editTopic') : t('addTopic')}
      onOk={() => form.submit()}
      confirmLoading={save.isPending}
      width={640}
      destroyOnHidden
    >
      <Form
        form={form}
        layout="vertical"
        initialValues={
          topic
            ? {
                code: topic.code,
                name: topic.name,
                nameEn: topic.nameEn ?? undefined,
                parentId: topic.parentId,
                zhInclude: join(topic.rules.zh?.include),
                zhExclude: join(topic.rules.zh?.exclude),
                enInclude: join(topic.rules.en?.include),
                enExclude: join(topic.rules.en?.exclude),
              }
            : {}
        }
        onFinish={submit}
      >
        <Row gutter={12}>
          <Col xs={24} sm={12}>
            <Form.Item name="name" label={t('core:common.name')} rules={[{ required: true }]}>
              <Input maxLength={100} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="nameEn" label={t('core:common.nameEn')}>
              <Input maxLength={100} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item
              name="code"
              label={t('core:common.code')}
              rules={[{ required: true, pattern: /^[a-z0-9][a-z0-9-]{0,63}$/, message: t('codeHelp') }]}
            >
              <Input placeholder="food-safety" />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="parentId" label={t('parent')}>
              <Select
                allowClear
                options={topics.filter((x) => x.id !== topic?.id).map((x) => ({ value: x.id, label: label(x) }))}
                showSearch
                optionFilterProp="label"
              />
            </Form.Item>
          </Col>
        </Row>
        <Typography.Paragraph type="secondary">{t('rulesHelp')}</Typography.Paragraph>
        <Row gutter={12}>
          <Col xs={24} sm={12}>
            <Form.Item name="zhInclude" label={t('zhInclude')}>
              <Input.TextArea rows={3} placeholder="包装, 洒了, 漏汤" />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="zhExclude" label={t('zhExclude')}>
              <Input.TextArea rows={3} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="enInclude" label={t('enInclude')}>
              <Input.TextArea rows={3} placeholder='packag*, leak*, "soup spilled"' />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="enExclude" label={t('enExclude')}>
              <Input.TextArea rows={3} />
            </Form.Item>
          </Col>
        </Row>
      </Form>
    </Modal>
  );
}
