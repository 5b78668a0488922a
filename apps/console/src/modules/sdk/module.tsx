import { CodeOutlined } from '@ant-design/icons';
import type { ConsoleModule } from '../types.ts';
import { en } from './locales/en.ts';
import { zhCN } from './locales/zh-CN.ts';

export const consoleModule: ConsoleModule = {
  key: 'sdk',
  order: 2,
  group: 'settings',
  nav: [{ path: '/settings/sdk', labelKey: 'sdk:nav', icon: <CodeOutlined />, ability: 'sdkKeys.manage' }],
  routes: [{ path: '/settings/sdk', page: () => import('./SdkKeysPage.tsx').then((m) => m.SdkKeysPage) }],
  i18n: { 'zh-CN': zhCN, en },
};
