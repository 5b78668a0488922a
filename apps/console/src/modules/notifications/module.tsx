import { RobotOutlined } from '@ant-design/icons';
import type { ConsoleModule } from '../types.ts';
import { en } from './locales/en.ts';
import { zhCN } from './locales/zh-CN.ts';

/** The notification centre page, the user's notification settings and the units' group robots. */
export const consoleModule: ConsoleModule = {
  key: 'notifications',
  order: 40,
  group: 'settings',
  nav: [
    { path: '/notification-robots', labelKey: 'notifications:nav', icon: <RobotOutlined />, ability: 'robots.manage' },
  ],
  routes: [
    { path: '/notifications', page: () => import('./NotificationsPage.tsx').then((m) => m.NotificationsPage) },
    {
      path: '/notification-settings',
      page: () => import('./SettingsPage.tsx').then((m) => m.NotificationSettingsPage),
    },
    { path: '/notification-robots', page: () => import('./RobotsPage.tsx').then((m) => m.RobotsPage) },
  ],
  i18n: { 'zh-CN': zhCN, en },
};
