import { SettingOutlined } from '@ant-design/icons';
import type { ConsoleModule } from '../types.ts';
import { en } from './locales/en.ts';
import { zhCN } from './locales/zh-CN.ts';
import { SettingsPage } from './SettingsPage.tsx';

export const consoleModule: ConsoleModule = {
  key: 'settings',
  order: 1,
  group: 'settings',
  nav: [{ path: '/settings', labelKey: 'settings:nav', icon: <SettingOutlined />, ability: 'tenant.write' }],
  routes: [{ path: '/settings', element: <SettingsPage /> }],
  i18n: { 'zh-CN': zhCN, en },
};
