import { RiseOutlined } from '@ant-design/icons';
import type { ConsoleModule } from '../types.ts';
import { en } from './locales/en.ts';
import { zhCN } from './locales/zh-CN.ts';

export const consoleModule: ConsoleModule = {
  key: 'outcomes',
  order: 9,
  group: 'understand',
  nav: [{ path: '/outcomes', labelKey: 'outcomes:nav', icon: <RiseOutlined />, ability: 'metrics.read' }],
  routes: [{ path: '/outcomes', page: () => import('./OutcomesPage.tsx').then((m) => m.OutcomesPage) }],
  i18n: { 'zh-CN': zhCN, en },
};
