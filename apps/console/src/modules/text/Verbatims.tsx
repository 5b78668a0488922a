import {
  App,
  Button,
  Drawer,
  Empty,
  Form,
  Input,
  List,
  Modal,
  Popover,
  Radio,
  Select,
  Space,
  Tag,
  Typography,
} from 'antd';
import { type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formErrors } from '../../lib/api.ts';
import { useMe } from '../../lib/me.tsx';
import { useUnitLabel } from '../../lib/org.ts';
import { useTenantTime } from '../../lib/time.ts';
import { type Correction, useCorrectAnalysis, useTaxonomy, useVerbatims, type Verbatim } from './api.ts';
import {
  SENTIMENT_COLOR,
  type Sentiment,
  type TextFilters,
  TRIAGE_COLOR,
  TRIAGE_ORDER,
  type Triage,
  useTopicLabel,
} from './shared.tsx';

/** The text with matched phrases wrapped in <mark> (overlapping ranges merged). */
export function Highlighted({ text, ranges }: { text: string; ranges: Array<{ start: number; end: number }> }) {
  const merged: Array<{ start: number; end: number }> = [];
  for (const r of [...ranges].sort((a, b) => a.start - b.start)) {
    const last = merged.at(-1);
    if (last && r.start <= last.end) last.end = Math.max(last.end, r.end);
    else if (r.end > r.start) merged.push({ ...r });
  }
  const out: ReactNode[] = [];
  let at = 0;
  for (const r of merged) {
    if (r.start > at) out.push(text.slice(at, r.start));
    out.push(<mark key={r.start}>{text.slice(r.start, r.end)}</mark>);
    at = r.end;
  }
  out.push(text.slice(at));
  return <span>{out}</span>;
}

/**
 * Why a topic was assigned with its polarity: the matched phrase(s), the clause it was scored on and the opinion
 * words (or the model) that decided — "matched 「送餐」 in clause 「送餐太慢了」 → negative because 「太慢」".
 */
export function TopicExplanation({ verbatim, topic }: { verbatim: Verbatim; topic: Verbatim['topics'][number] }) {
  const { t } = useTranslation('text');
  const phrases = [
    ...new Set(
      verbatim.highlights.filter((h) => h.topicId === topic.topicId).map((h) => verbatim.text.slice(h.start, h.end)),
    ),
  ];
  const e = topic.explain;
  const clause = (e?.clauses ?? []).map((c) => c.text ?? verbatim.text.slice(c.start, c.end)).join(' / ');
  const polarity = t(`s.${topic.sentiment}`);
  const cues = (e?.cues ?? []).join('」「');
  const verdict = !e
    ? ''
    : e.by === 'correction'
      ? t('explain.correction', { polarity })
      : e.by === 'lexicon'
        ? t('explain.because', { polarity, cues })
        : e.by === 'model'
          ? t('explain.model', { polarity, words: cues ? t('explain.modelWords', { cues }) : '' })
          : t('explain.none', { polarity });
  return (
    <Typography.Text data-testid="topic-explanation" style={{ maxWidth: 320, display: 'block' }}>
      {phrases.length > 0 && `${t('explain.matched', { phrase: phrases.join('」「') })} `}
      {clause && `${t('explain.clause', { clause })} `}
      {verdict}
    </Typography.Text>
  );
}

/** Drill-down: the comments behind a cell (topic × sentiment), newest first, with highlights and correction. */
export function VerbatimsDrawer({
  open,
  onClose,
  filters,
  topicId,
  sentiment,
  cluster,
  title,
}: {
  open: boolean;
  onClose: () => void;
  filters: TextFilters;
  topicId?: string;
  sentiment?: Sentiment;
  /** Only the comments of this near-duplicate cluster ("repeated needs"). */
  cluster?: string;
  title: string;
}) {
  const { t } = useTranslation('text');
  const time = useTenantTime();
  const unitLabel = useUnitLabel();
  const me = useMe();
  const label = useTopicLabel();
  const [q, setQ] = useState('');
  const [editing, setEditing] = useState<Verbatim>();
  const list = useVerbatims(open, filters, topicId, sentiment, q, cluster);
  const items = list.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <Drawer open={open} onClose={onClose} title={title} width={Math.min(720, window.innerWidth)} destroyOnHidden>
      <Input.Search allowClear placeholder={t('search')} onSearch={setQ} style={{ marginBottom: 12 }} />
      <List
        loading={list.isLoading}
        dataSource={items}
        locale={{ emptyText: <Empty description={t('noComments')} /> }}
        renderItem={(v) => (
          <List.Item
            data-testid="verbatim"
            actions={
              me.can('text.write')
                ? [
                    <Button key="fix" size="small" onClick={() => setEditing(v)}>
                      {t('correct')}
                    </Button>,
                  ]
                : []
            }
          >
            <Space direction="vertical" size={4} style={{ width: '100%' }}>
              <Typography.Text>
                <Highlighted text={v.text} ranges={v.highlights} />
              </Typography.Text>
              <Space wrap size={4}>
                {v.triage && (
                  <Tag
                    color={TRIAGE_COLOR[v.triage]}
                    data-testid="verbatim-triage"
                    title={
                      v.triageCorrected
                        ? t('triageByPerson')
                        : v.triageConfidence !== null
                          ? t('triageConfidence', { p: Math.round(v.triageConfidence * 100) })
                          : undefined
                    }
                  >
                    {t(`triage.${v.triage}`)}
                    {v.triageCorrected ? ' ✓' : ''}
                  </Tag>
                )}
                <Tag color={SENTIMENT_COLOR[v.sentiment]}>{t(`s.${v.sentiment}`)}</Tag>
                {v.topics.map((tp) => (
                  // Hover on desktop, tap on a phone: why this topic and this polarity.
                  <Popover
                    key={tp.topicId}
                    trigger={['hover', 'click']}
                    content={<TopicExplanation verbatim={v} topic={tp} />}
                  >
                    <Tag
                      data-testid="topic-tag"
                      style={{ cursor: 'help' }}
                      color={tp.sentiment === 'negative' ? 'red' : tp.sentiment === 'positive' ? 'green' : undefined}
                    >
                      {label(tp)}
                    </Tag>
                  </Popover>
                ))}
                {v.cluster && v.cluster.size > 1 && (
                  <Tag color="orange" data-testid="cluster-size">
                    {t('repeated.badge', { n: v.cluster.size })}
                  </Tag>
                )}
                {v.corrected && <Tag color="purple">{t('corrected')}</Tag>}
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {v.orgUnit ? unitLabel(v.orgUnit) : t('brandWide')} · {v.touchpoint?.name ?? ''} ·{' '}
                  {t(`src.${v.sourceKind}`)} · {time.date(v.occurredAt)}
                </Typography.Text>
              </Space>
            </Space>
          </List.Item>
        )}
      />
      {list.hasNextPage && (
        <Button block onClick={() => list.fetchNextPage()} loading={list.isFetchingNextPage}>
          {t('more')}
        </Button>
      )}
      {editing && <CorrectionModal verbatim={editing} onClose={() => setEditing(undefined)} />}
    </Drawer>
  );
}

/** Fix a comment's sentiment, topics and triage class; only what changed is sent; every count refreshes. */
function CorrectionModal({ verbatim, onClose }: { verbatim: Verbatim; onClose: () => void }) {
  const { t } = useTranslation('text');
  const { message } = App.useApp();
  const taxonomy = useTaxonomy();
  const label = useTopicLabel();
  const [form] = Form.useForm();
  const save = useCorrectAnalysis(verbatim.id, {
    onSuccess: () => {
      message.success(t('correctionSaved'));
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
      title={t('correct')}
      onOk={() => form.submit()}
      confirmLoading={save.isPending}
      okText={t('core:common.save')}
      destroyOnHidden
    >
      <Typography.Paragraph>
        <Highlighted text={verbatim.text} ranges={verbatim.highlights} />
      </Typography.Paragraph>
      <Form
        form={form}
        layout="vertical"
        initialValues={{
          sentiment: verbatim.sentiment,
          topicIds: verbatim.topics.map((x) => x.topicId),
          triage: verbatim.triage ?? undefined,
        }}
        onFinish={(v: { sentiment: Sentiment; topicIds: string[]; triage?: Triage }) => {
          // A triage-only fix leaves sentiment and topics to the model (they keep being recomputed).
          const before = verbatim.topics.map((x) => x.topicId).sort();
          const change: Correction = {};
          if (v.sentiment !== verbatim.sentiment) change.sentiment = v.sentiment;
          if ([...(v.topicIds ?? [])].sort().join() !== before.join()) change.topicIds = v.topicIds ?? [];
          if (v.triage && v.triage !== verbatim.triage) change.triage = v.triage;
          if (Object.keys(change).length === 0) onClose();
          else save.mutate(change);
        }}
      >
        <Form.Item name="triage" label={t('triageLabel')}>
          <Radio.Group
            optionType="button"
            options={TRIAGE_ORDER.map((c) => ({ value: c, label: t(`triage.${c}`) }))}
            data-testid="correct-triage"
          />
        </Form.Item>
        <Form.Item name="sentiment" label={t('sentiment')}>
          <Radio.Group
            optionType="button"
            options={(['negative', 'neutral', 'positive'] as const).map((s) => ({ value: s, label: t(`s.${s}`) }))}
          />
        </Form.Item>
        <Form.Item name="topicIds" label={t('topics')}>
          <Select
            mode="multiple"
            allowClear
            optionFilterProp="label"
            options={(taxonomy.data?.topics ?? []).map((tp) => ({ value: tp.id, label: label(tp) }))}
            data-testid="correct-topics"
          />
        </Form.Item>
      </Form>
      <Typography.Text type="secondary">{t('correctionHelp')}</Typography.Text>
    </Modal>
  );
}
