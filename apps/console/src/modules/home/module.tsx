import { HomeOutlined } from '@ant-design/icons';
import type { ConsoleModule } from '../types.ts';
import { en } from './locales/en.ts';
import { zhCN } from './locales/zh-CN.ts';

export const consoleModule: ConsoleModule = {
  key: 'home',
  order: 0,
  group: 'understand',
  nav: [{ path: '/', labelKey: 'home:nav', icon: <HomeOutlined /> }],
  routes: [{ path: '/', page: () => import('./HomePage.tsx').then((m) => m.HomePage) }],
  i18n: { 'zh-CN': zhCN, en },
};
