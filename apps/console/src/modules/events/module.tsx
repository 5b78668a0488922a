import { ThunderboltOutlined } from '@ant-design/icons';
import type { ConsoleModule } from '../types.ts';
import { en } from './locales/en.ts';
import { zhCN } from './locales/zh-CN.ts';

export const consoleModule: ConsoleModule = {
  key: 'events',
  order: 40,
  group: 'listen',
  nav: [{ path: '/events', labelKey: 'events:nav', icon: <ThunderboltOutlined />, ability: 'events.read' }],
  routes: [{ path: '/events', page: () => import('./EventsPage.tsx').then((m) => m.EventsPage) }],
  i18n: { 'zh-CN': zhCN, en },
};
