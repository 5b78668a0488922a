import { CommentOutlined } from '@ant-design/icons';
import type { ConsoleModule } from '../types.ts';
import { en } from './locales/en.ts';
import { zhCN } from './locales/zh-CN.ts';

export const consoleModule: ConsoleModule = {
  key: 'text',
  order: 30,
  group: 'understand',
  nav: [{ path: '/text', labelKey: 'text:nav', icon: <CommentOutlined />, ability: 'responses.read' }],
  routes: [{ path: '/text', page: () => import('./TextPage.tsx').then((m) => m.TextPage) }],
  i18n: { 'zh-CN': zhCN, en },
};
