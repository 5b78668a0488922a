import { Card, Image, Space, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useTenantTime } from '../../lib/time.ts';
import { screenshotUrl, useFeedbackItem } from '../feedback/api.ts';

/**
 * The feedback item a ticket was opened from (a social post, a forum thread, an in-app 吐槽): its words, where it
 * came from, the page and app version of an in-app complaint, and its screenshot, so whoever works the ticket sees
 * what the customer saw.
 */
export function FeedbackCard({ id }: { id: string }) {
  const { t } = useTranslation(['tickets', 'feedback']);
  const time = useTenantTime();
  const item = useFeedbackItem(id, true);
  if (!item.data) return null;
  const f = item.data;
  return (
    <Card size="small" title={t('tickets:feedback')} style={{ marginTop: 16 }} data-testid="ticket-feedback">
      <Space direction="vertical" size={6} style={{ width: '100%' }}>
        <Typography.Paragraph style={{ marginBottom: 0, whiteSpace: 'pre-wrap' }}>{f.text}</Typography.Paragraph>
        <Space wrap size={4}>
          <Tag color="blue">{t(`feedback:src.${f.source}`)}</Tag>
          {f.inApp?.appVersion && <Tag>{t('feedback:inApp.version', { v: f.inApp.appVersion })}</Tag>}
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {f.author ? `${f.author} · ` : ''}
            {time.dateTime(f.occurredAt)}
          </Typography.Text>
        </Space>
        {f.url && (
          <Typography.Text type="secondary" style={{ fontSize: 12, wordBreak: 'break-all' }}>
            {t('tickets:feedbackPage')}{' '}
            <a href={f.url} target="_blank" rel="noreferrer noopener">
              {f.url}
            </a>
          </Typography.Text>
        )}
        {f.inApp?.screenshot && (
          <Image
            src={screenshotUrl(f.id)}
            alt={t('feedback:inApp.screenshot')}
            width={200}
            style={{ maxHeight: 320, objectFit: 'contain' }}
            data-testid="ticket-feedback-screenshot"
          />
        )}
      </Space>
    </Card>
  );
}
