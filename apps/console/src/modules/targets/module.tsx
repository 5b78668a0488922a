import { AimOutlined, TrophyOutlined } from '@ant-design/icons';
import type { ConsoleModule } from '../types.ts';
import { en } from './locales/en.ts';
import { zhCN } from './locales/zh-CN.ts';

export const consoleModule: ConsoleModule = {
  key: 'targets',
  order: 9,
  group: 'understand',
  nav: [
    { path: '/targets', labelKey: 'targets:nav', icon: <AimOutlined />, ability: 'metrics.read' },
    { path: '/leaderboard', labelKey: 'targets:navLeaderboard', icon: <TrophyOutlined />, ability: 'metrics.read' },
  ],
  routes: [
    { path: '/targets', page: () => import('./TargetsPage.tsx').then((m) => m.TargetsPage) },
    { path: '/leaderboard', page: () => import('./LeaderboardPage.tsx').then((m) => m.LeaderboardPage) },
  ],
  i18n: { 'zh-CN': zhCN, en },
};
