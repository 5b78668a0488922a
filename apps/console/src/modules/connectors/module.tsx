import { CloudDownloadOutlined } from '@ant-design/icons';
import type { ConsoleModule } from '../types.ts';
import { en } from './locales/en.ts';
import { zhCN } from './locales/zh-CN.ts';

export const consoleModule: ConsoleModule = {
  key: 'connectors',
  order: 13,
  group: 'connect',
  nav: [
    { path: '/connectors', labelKey: 'connectors:nav', icon: <CloudDownloadOutlined />, ability: 'responses.write' },
  ],
  routes: [{ path: '/connectors', page: () => import('./ConnectorsPage.tsx').then((m) => m.ConnectorsPage) }],
  i18n: { 'zh-CN': zhCN, en },
};
