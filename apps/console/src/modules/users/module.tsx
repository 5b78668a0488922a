import { UserOutlined } from '@ant-design/icons';
import type { ConsoleModule } from '../types.ts';
import { en } from './locales/en.ts';
import { zhCN } from './locales/zh-CN.ts';

export const consoleModule: ConsoleModule = {
  key: 'users',
  order: 30,
  group: 'settings',
  nav: [{ path: '/users', labelKey: 'users:nav', icon: <UserOutlined />, ability: 'users.read' }],
  routes: [{ path: '/users', page: () => import('./UsersPage.tsx').then((m) => m.UsersPage) }],
  i18n: { 'zh-CN': zhCN, en },
};
