import { ThunderboltOutlined } from '@ant-design/icons';
import type { ConsoleModule } from '../types.ts';
import { en } from './locales/en.ts';
import { zhCN } from './locales/zh-CN.ts';

export const consoleModule: ConsoleModule = {
  key: 'rules',
  order: 20,
  group: 'act',
  nav: [{ path: '/alert-rules', labelKey: 'rules:nav', icon: <ThunderboltOutlined />, ability: 'tickets.read' }],
  routes: [{ path: '/alert-rules', page: () => import('./RulesPage.tsx').then((m) => m.RulesPage) }],
  i18n: { 'zh-CN': zhCN, en },
};
