import { SettingOutlined } from '@ant-design/icons';
import { Button, Card, Segmented, Space, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { useMarkAllRead, useUnreadCount } from './api.ts';
import { NotificationList } from './NotificationList.tsx';

/** All of the caller's notifications (the bell's "view all"), paged. */
export function NotificationsPage() {
  const { t } = useTranslation('notifications');
  const navigate = useNavigate();
  const [unreadOnly, setUnreadOnly] = useState(false);
  const unread = useUnreadCount();
  const markAll = useMarkAllRead();
  return (
    <div style={{ maxWidth: 760 }}>
      <Space wrap style={{ marginBottom: 12 }}>
        <Typography.Title level={4} style={{ margin: 0 }}>
          {t('title')}
        </Typography.Title>
        <Segmented
          value={unreadOnly ? 'unread' : 'all'}
          onChange={(v) => setUnreadOnly(v === 'unread')}
          options={[
            { value: 'all', label: t('title') },
            { value: 'unread', label: `${t('unreadOnly')} (${unread.data ?? 0})` },
          ]}
        />
        <Button onClick={() => markAll.mutate()} disabled={!unread.data}>
          {t('markAllRead')}
        </Button>
        <Button icon={<SettingOutlined />} onClick={() => navigate('/notification-settings')}>
          {t('settings')}
        </Button>
      </Space>
      <Card styles={{ body: { padding: 0 } }}>
        <NotificationList unreadOnly={unreadOnly} />
      </Card>
    </div>
  );
}
