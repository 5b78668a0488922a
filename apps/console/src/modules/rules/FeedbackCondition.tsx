import { Form, InputNumber, Select, Space } from 'antd';
import { useTranslation } from 'react-i18next';

const SOURCES = ['social', 'forum', 'app_review', 'call_transcript', 'other', 'in_app'] as const;
const SENTIMENTS = ['negative', 'neutral', 'positive'] as const;
const TRIAGE = ['complaint', 'suggestion', 'question', 'praise', 'noise'] as const;

/**
 * The condition builder of a feedback rule: every criterion given must hold, a list matches any of its values
 * (source, channel, sentiment, topic, triage class, rating bounds, keywords in the text). Field names are the condition's.
 */
export function FeedbackConditionFields() {
  const { t } = useTranslation('rules');
  return (
    <div data-testid="feedback-condition">
      <Form.Item name="fbSources" label={t('fb.sources')}>
        <Select mode="multiple" options={SOURCES.map((s) => ({ value: s, label: t(`fb.source.${s}`) }))} />
      </Form.Item>
      <Form.Item name="fbChannels" label={t('fb.channels')} extra={t('fb.tagsHelp')}>
        <Select mode="tags" open={false} suffixIcon={null} placeholder="微博, App Store" />
      </Form.Item>
      <Form.Item name="fbSentiments" label={t('fb.sentiments')}>
        <Select mode="multiple" options={SENTIMENTS.map((s) => ({ value: s, label: t(`fb.sentiment.${s}`) }))} />
      </Form.Item>
      <Form.Item name="fbTopics" label={t('fb.topics')} extra={t('fb.tagsHelp')}>
        <Select mode="tags" open={false} suffixIcon={null} placeholder="服务, food-safety" />
      </Form.Item>
      <Form.Item name="fbTriage" label={t('fb.triage')}>
        <Select mode="multiple" options={TRIAGE.map((s) => ({ value: s, label: t(`fb.triageClass.${s}`) }))} />
      </Form.Item>
      <Space wrap>
        <Form.Item name="fbRatingAtMost" label={t('fb.ratingAtMost')}>
          <InputNumber min={0} max={10} />
        </Form.Item>
        <Form.Item name="fbRatingAtLeast" label={t('fb.ratingAtLeast')}>
          <InputNumber min={0} max={10} />
        </Form.Item>
        <Form.Item name="fbClusterSizeAtLeast" label={t('fb.clusterSizeAtLeast')} tooltip={t('fb.clusterSizeHelp')}>
          <InputNumber min={2} max={1000000} precision={0} />
        </Form.Item>
      </Space>
      <Form.Item name="fbKeywords" label={t('fb.keywords')} extra={t('fb.tagsHelp')}>
        <Select mode="tags" open={false} suffixIcon={null} placeholder="异物, 食物中毒" />
      </Form.Item>
    </div>
  );
}

/** The form's feedback fields as the API's condition (empty lists and blank bounds left out). */
export function feedbackConditionOf(v: Record<string, unknown>): Record<string, unknown> {
  const list = (x: unknown) => (Array.isArray(x) && x.length ? x : undefined);
  const num = (x: unknown) => (typeof x === 'number' ? x : undefined);
  const c: Record<string, unknown> = {
    sources: list(v.fbSources),
    channels: list(v.fbChannels),
    sentiments: list(v.fbSentiments),
    topics: list(v.fbTopics),
    triage: list(v.fbTriage),
    ratingAtMost: num(v.fbRatingAtMost),
    ratingAtLeast: num(v.fbRatingAtLeast),
    keywords: list(v.fbKeywords),
    clusterSizeAtLeast: num(v.fbClusterSizeAtLeast),
  };
  return Object.fromEntries(Object.entries(c).filter(([, x]) => x !== undefined));
}

/** A feedback rule's condition in one line, in the console's language. */
export function FeedbackConditionText({ condition }: { condition: Record<string, unknown> }) {
  const { t } = useTranslation('rules');
  const parts: string[] = [];
  const arr = (k: string) => (Array.isArray(condition[k]) ? (condition[k] as string[]) : []);
  if (arr('sources').length)
    parts.push(
      `${t('fb.sources')}: ${arr('sources')
        .map((s) => t(`fb.source.${s}`))
        .join('/')}`,
    );
  if (arr('channels').length) parts.push(`${t('fb.channels')}: ${arr('channels').join('/')}`);
  if (arr('sentiments').length)
    parts.push(
      `${t('fb.sentiments')}: ${arr('sentiments')
        .map((s) => t(`fb.sentiment.${s}`))
        .join('/')}`,
    );
  if (arr('topics').length) parts.push(`${t('fb.topics')}: ${arr('topics').join('/')}`);
  if (arr('triage').length)
    parts.push(
      `${t('fb.triage')}: ${arr('triage')
        .map((s) => t(`fb.triageClass.${s}`))
        .join('/')}`,
    );
  if (typeof condition.ratingAtMost === 'number') parts.push(`${t('fb.ratingAtMost')} ${condition.ratingAtMost}`);
  if (typeof condition.ratingAtLeast === 'number') parts.push(`${t('fb.ratingAtLeast')} ${condition.ratingAtLeast}`);
  if (arr('keywords').length) parts.push(`${t('fb.keywords')}: ${arr('keywords').join('/')}`);
  if (typeof condition.clusterSizeAtLeast === 'number')
    parts.push(`${t('fb.clusterSizeAtLeast')} ${condition.clusterSizeAtLeast}`);
  return <>{parts.join(t('fb.and'))}</>;
}
