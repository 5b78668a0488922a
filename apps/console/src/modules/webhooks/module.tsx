import { ApiOutlined } from '@ant-design/icons';
import type { ConsoleModule } from '../types.ts';
import { en } from './locales/en.ts';
import { zhCN } from './locales/zh-CN.ts';

export const consoleModule: ConsoleModule = {
  key: 'webhooks',
  order: 12,
  group: 'connect',
  nav: [{ path: '/webhooks', labelKey: 'webhooks:nav', icon: <ApiOutlined />, ability: 'webhooks.manage' }],
  routes: [{ path: '/webhooks', page: () => import('./WebhooksPage.tsx').then((m) => m.WebhooksPage) }],
  i18n: { 'zh-CN': zhCN, en },
};
