import { TeamOutlined } from '@ant-design/icons';
import type { ConsoleModule } from '../types.ts';
import { en } from './locales/en.ts';
import { zhCN } from './locales/zh-CN.ts';

export const consoleModule: ConsoleModule = {
  key: 'teams',
  order: 20,
  group: 'settings',
  nav: [{ path: '/teams', labelKey: 'teams:nav', icon: <TeamOutlined />, ability: 'teams.read' }],
  routes: [{ path: '/teams', page: () => import('./TeamsPage.tsx').then((m) => m.TeamsPage) }],
  i18n: { 'zh-CN': zhCN, en },
};
