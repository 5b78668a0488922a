import { CheckSquareOutlined, IssuesCloseOutlined } from '@ant-design/icons';
import type { ConsoleModule } from '../types.ts';
import { en } from './locales/en.ts';
import { zhCN } from './locales/zh-CN.ts';

export const consoleModule: ConsoleModule = {
  key: 'problems',
  order: 25,
  group: 'act',
  nav: [
    { path: '/problems', labelKey: 'problems:nav', icon: <IssuesCloseOutlined />, ability: 'problems.read' },
    { path: '/problems/tasks', labelKey: 'problems:navMine', icon: <CheckSquareOutlined />, ability: 'problems.read' },
  ],
  routes: [
    { path: '/problems', page: () => import('./ProblemsPage.tsx').then((m) => m.ProblemsPage) },
    { path: '/problems/tasks', page: () => import('./MyTasksPage.tsx').then((m) => m.MyTasksPage) },
    { path: '/problems/:id', page: () => import('./ProblemPage.tsx').then((m) => m.ProblemPage) },
  ],
  i18n: { 'zh-CN': zhCN, en },
};
