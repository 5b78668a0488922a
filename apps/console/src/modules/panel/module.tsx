import { TrophyOutlined } from '@ant-design/icons';
import type { ConsoleModule } from '../types.ts';
import { en } from './locales/en.ts';
import { zhCN } from './locales/zh-CN.ts';

export const consoleModule: ConsoleModule = {
  key: 'panel',
  order: 35,
  group: 'listen',
  nav: [{ path: '/panel', labelKey: 'panel:nav', icon: <TrophyOutlined />, ability: 'customers.read' }],
  routes: [{ path: '/panel', page: () => import('./PanelPage.tsx').then((m) => m.PanelPage) }],
  i18n: { 'zh-CN': zhCN, en },
};
