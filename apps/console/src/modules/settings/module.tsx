import { SettingOutlined } from '@ant-design/icons';
import type { ConsoleModule } from '../types.ts';
import { en } from './locales/en.ts';
import { zhCN } from './locales/zh-CN.ts';

export const consoleModule: ConsoleModule = {
  key: 'settings',
  order: 1,
  group: 'settings',
  nav: [{ path: '/settings', labelKey: 'settings:nav', icon: <SettingOutlined />, ability: 'tenant.write' }],
  routes: [{ path: '/settings', page: () => import('./SettingsPage.tsx').then((m) => m.SettingsPage) }],
  i18n: { 'zh-CN': zhCN, en },
};
