import { BellOutlined, SettingOutlined } from '@ant-design/icons';
import { Badge, Button, Drawer, Segmented, Space } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { useLiveEvents } from '../../lib/live.ts';
import { useInvalidate } from '../../lib/query.ts';
import { notificationKeys, useMarkAllRead, useUnreadCount } from './api.ts';
import { NotificationList } from './NotificationList.tsx';

/**
 * The bell in the console header: the unread count, live over the events stream (a `notifications` event refetches
 * it), and a drawer with the latest notifications (full width on a phone).
 */
export function NotificationBell(props: { mobile: boolean }) {
  const { t } = useTranslation('notifications');
  const navigate = useNavigate();
  const [open, setOpen] = useState(false);
  const [unreadOnly, setUnreadOnly] = useState(false);
  const unread = useUnreadCount();
  const invalidate = useInvalidate();
  const markAll = useMarkAllRead();
  useLiveEvents(['notifications'], () => invalidate(notificationKeys.all));
  const count = unread.data ?? 0;
  return (
    <>
      <Badge count={count} size="small" overflowCount={99} title={String(count)}>
        <Button
          size="small"
          icon={<BellOutlined />}
          aria-label={t('bell')}
          data-testid="bell"
          data-count={count}
          onClick={() => setOpen(true)}
        />
      </Badge>
      <Drawer
        open={open}
        onClose={() => setOpen(false)}
        placement="right"
        width={props.mobile ? '100%' : 420}
        title={t('title')}
        styles={{ body: { padding: 0 } }}
        extra={
          <Space size={4}>
            <Button size="small" onClick={() => markAll.mutate()} disabled={!count} data-testid="mark-all-read">
              {t('markAllRead')}
            </Button>
            <Button
              size="small"
              icon={<SettingOutlined />}
              aria-label={t('settings')}
              title={t('settings')}
              onClick={() => {
                setOpen(false);
                navigate('/notification-settings');
              }}
            />
          </Space>
        }
        footer={
          <Button
            block
            type="link"
            onClick={() => {
              setOpen(false);
              navigate('/notifications');
            }}
          >
            {t('viewAll')}
          </Button>
        }
      >
        <div style={{ padding: '8px 12px' }}>
          <Segmented
            size="small"
            value={unreadOnly ? 'unread' : 'all'}
            onChange={(v) => setUnreadOnly(v === 'unread')}
            options={[
              { value: 'all', label: t('title') },
              { value: 'unread', label: t('unreadOnly') },
            ]}
          />
        </div>
        <NotificationList unreadOnly={unreadOnly} enabled={open} onOpened={() => setOpen(false)} />
      </Drawer>
    </>
  );
}
