import { Button, Empty, Spin, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { useTenantTime } from '../../lib/time.ts';
import { type Notification, useMarkRead, useNotifications } from './api.ts';

/** One notification's row: kind, title, two lines of body, time; unread ones marked. Opens where it is handled. */
function Row(props: { n: Notification; onOpen: (n: Notification) => void }) {
  const time = useTenantTime();
  const { t } = useTranslation('notifications');
  const { n } = props;
  return (
    <button
      type="button"
      data-testid="notification-item"
      data-unread={n.readAt ? undefined : 'true'}
      onClick={() => props.onOpen(n)}
      style={{
        display: 'block',
        width: '100%',
        textAlign: 'start',
        border: 0,
        borderBottom: '1px solid #f0f0f0',
        background: n.readAt ? 'transparent' : '#e6f4ff',
        padding: '10px 12px',
        cursor: 'pointer',
        font: 'inherit',
      }}
    >
      <div style={{ display: 'flex', gap: 8, alignItems: 'baseline' }}>
        {!n.readAt && <span aria-hidden style={{ width: 8, height: 8, borderRadius: 4, background: '#1677ff' }} />}
        <Typography.Text strong ellipsis style={{ flex: 1 }}>
          {n.subject}
        </Typography.Text>
      </div>
      <Typography.Paragraph type="secondary" ellipsis={{ rows: 2 }} style={{ margin: '2px 0', whiteSpace: 'pre-line' }}>
        {n.body}
      </Typography.Paragraph>
      <Tag bordered={false}>{t(`kinds.${n.kind}`, { defaultValue: n.kind })}</Tag>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {time.dateTime(n.createdAt)}
      </Typography.Text>
    </button>
  );
}

/** The caller's notifications, newest first, paged; opening one marks it read and goes to its link. */
export function NotificationList(props: { unreadOnly: boolean; onOpened?: () => void; enabled?: boolean }) {
  const { t } = useTranslation('notifications');
  const navigate = useNavigate();
  const list = useNotifications(props.unreadOnly, props.enabled ?? true);
  const markRead = useMarkRead();
  const items = list.data?.pages.flatMap((p) => p.items) ?? [];
  const open = (n: Notification) => {
    if (!n.readAt) markRead.mutate(n.id);
    props.onOpened?.();
    if (n.link) navigate(n.link);
  };
  if (list.isLoading) return <Spin style={{ display: 'block', margin: 24 }} />;
  if (!items.length) return <Empty description={props.unreadOnly ? t('noneUnread') : t('none')} />;
  return (
    <div data-testid="notification-list">
      {items.map((n) => (
        <Row key={n.id} n={n} onOpen={open} />
      ))}
      {list.hasNextPage && (
        <Button block type="link" loading={list.isFetchingNextPage} onClick={() => void list.fetchNextPage()}>
          {t('more')}
        </Button>
      )}
    </div>
  );
}
