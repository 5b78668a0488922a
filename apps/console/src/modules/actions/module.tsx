import { RiseOutlined } from '@ant-design/icons';
import type { ConsoleModule } from '../types.ts';
import { en } from './locales/en.ts';
import { zhCN } from './locales/zh-CN.ts';

export const consoleModule: ConsoleModule = {
  key: 'actions',
  order: 30,
  group: 'act',
  nav: [{ path: '/actions', labelKey: 'actions:nav', icon: <RiseOutlined />, ability: 'tickets.read' }],
  routes: [{ path: '/actions', page: () => import('./ActionsPage.tsx').then((m) => m.ActionsPage) }],
  i18n: { 'zh-CN': zhCN, en },
};
