import { DashboardOutlined } from '@ant-design/icons';
import type { ConsoleModule } from '../types.ts';
import { en } from './locales/en.ts';
import { zhCN } from './locales/zh-CN.ts';

export const consoleModule: ConsoleModule = {
  key: 'dashboards',
  order: 5,
  group: 'understand',
  nav: [{ path: '/dashboards', labelKey: 'dashboards:nav', icon: <DashboardOutlined />, ability: 'metrics.read' }],
  routes: [{ path: '/dashboards', page: () => import('./DashboardPage.tsx').then((m) => m.DashboardPage) }],
  i18n: { 'zh-CN': zhCN, en },
};
