import { CommentOutlined, MessageOutlined } from '@ant-design/icons';
import type { ConsoleModule } from '../types.ts';
import { en } from './locales/en.ts';
import { zhCN } from './locales/zh-CN.ts';

export const consoleModule: ConsoleModule = {
  key: 'feedback',
  order: 30,
  group: 'listen',
  nav: [
    { path: '/feedback', labelKey: 'feedback:nav', icon: <MessageOutlined />, ability: 'responses.read' },
    {
      path: '/feedback/coverage',
      labelKey: 'feedback:coverage.nav',
      icon: <CommentOutlined />,
      ability: 'responses.read',
    },
  ],
  routes: [
    { path: '/feedback', page: () => import('./FeedbackPage.tsx').then((m) => m.FeedbackPage) },
    { path: '/feedback/coverage', page: () => import('./CoveragePage.tsx').then((m) => m.CoveragePage) },
  ],
  i18n: { 'zh-CN': zhCN, en },
};
