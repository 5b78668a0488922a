import { BulbOutlined } from '@ant-design/icons';
import type { ConsoleModule } from '../types.ts';
import { en } from './locales/en.ts';
import { zhCN } from './locales/zh-CN.ts';

export const consoleModule: ConsoleModule = {
  key: 'nba',
  order: 22,
  group: 'act',
  nav: [{ path: '/nba', labelKey: 'nba:nav', icon: <BulbOutlined />, ability: 'metrics.read' }],
  routes: [{ path: '/nba', page: () => import('./NbaPage.tsx').then((m) => m.NbaPage) }],
  i18n: { 'zh-CN': zhCN, en },
};
