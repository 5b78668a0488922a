import { KeyOutlined } from '@ant-design/icons';
import type { ConsoleModule } from '../types.ts';
import { en } from './locales/en.ts';
import { zhCN } from './locales/zh-CN.ts';

export const consoleModule: ConsoleModule = {
  key: 'api-keys',
  order: 10,
  group: 'connect',
  nav: [{ path: '/api-keys', labelKey: 'api-keys:nav', icon: <KeyOutlined />, ability: 'apiKeys.manage' }],
  routes: [{ path: '/api-keys', page: () => import('./ApiKeysPage.tsx').then((m) => m.ApiKeysPage) }],
  i18n: { 'zh-CN': zhCN, en },
};
