import { SafetyCertificateOutlined } from '@ant-design/icons';
import type { ConsoleModule } from '../types.ts';
import { en } from './locales/en.ts';
import { zhCN } from './locales/zh-CN.ts';

export const consoleModule: ConsoleModule = {
  key: 'sso',
  order: 40,
  group: 'settings',
  nav: [{ path: '/sso', labelKey: 'sso:nav', icon: <SafetyCertificateOutlined />, ability: 'sso.manage' }],
  routes: [{ path: '/sso', page: () => import('./SsoPage.tsx').then((m) => m.SsoPage) }],
  i18n: { 'zh-CN': zhCN, en },
};
