import { ApartmentOutlined } from '@ant-design/icons';
import type { ConsoleModule } from '../types.ts';
import { en } from './locales/en.ts';
import { zhCN } from './locales/zh-CN.ts';

export const consoleModule: ConsoleModule = {
  key: 'org',
  order: 10,
  group: 'settings',
  nav: [{ path: '/org', labelKey: 'org:nav', icon: <ApartmentOutlined />, ability: 'org.read' }],
  routes: [{ path: '/org', page: () => import('./OrgPage.tsx').then((m) => m.OrgPage) }],
  i18n: { 'zh-CN': zhCN, en },
};
