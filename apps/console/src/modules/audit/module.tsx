import { AuditOutlined } from '@ant-design/icons';
import type { ConsoleModule } from '../types.ts';
import { en } from './locales/en.ts';
import { zhCN } from './locales/zh-CN.ts';

export const consoleModule: ConsoleModule = {
  key: 'audit',
  order: 50,
  group: 'settings',
  nav: [{ path: '/audit', labelKey: 'audit:nav', icon: <AuditOutlined />, ability: 'audit.read' }],
  routes: [{ path: '/audit', page: () => import('./AuditPage.tsx').then((m) => m.AuditPage) }],
  i18n: { 'zh-CN': zhCN, en },
};
