import { CloudUploadOutlined } from '@ant-design/icons';
import type { ConsoleModule } from '../types.ts';
import { en } from './locales/en.ts';
import { zhCN } from './locales/zh-CN.ts';

export const consoleModule: ConsoleModule = {
  key: 'exports',
  order: 14,
  group: 'connect',
  nav: [{ path: '/exports', labelKey: 'exports:nav', icon: <CloudUploadOutlined />, ability: 'exports.schedule' }],
  routes: [{ path: '/exports', page: () => import('./ExportsPage.tsx').then((m) => m.ExportsPage) }],
  i18n: { 'zh-CN': zhCN, en },
};
