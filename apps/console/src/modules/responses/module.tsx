import { MessageOutlined } from '@ant-design/icons';
import type { ConsoleModule } from '../types.ts';
import { en } from './locales/en.ts';
import { zhCN } from './locales/zh-CN.ts';

export const consoleModule: ConsoleModule = {
  key: 'responses',
  order: 20,
  group: 'listen',
  nav: [{ path: '/responses', labelKey: 'responses:nav', icon: <MessageOutlined />, ability: 'responses.read' }],
  routes: [{ path: '/responses', page: () => import('./ResponsesPage.tsx').then((m) => m.ResponsesPage) }],
  i18n: { 'zh-CN': zhCN, en },
};
