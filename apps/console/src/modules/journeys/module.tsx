import { NodeIndexOutlined } from '@ant-design/icons';
import type { ConsoleModule } from '../types.ts';
import { en } from './locales/en.ts';
import { zhCN } from './locales/zh-CN.ts';

export const consoleModule: ConsoleModule = {
  key: 'journeys',
  order: 7,
  group: 'understand',
  nav: [{ path: '/journeys', labelKey: 'journeys:nav', icon: <NodeIndexOutlined />, ability: 'metrics.read' }],
  routes: [
    { path: '/journeys', page: () => import('./JourneyMapPage.tsx').then((m) => m.JourneyMapPage) },
    { path: '/journeys/edit', page: () => import('./JourneyEditor.tsx').then((m) => m.JourneyEditor) },
  ],
  i18n: { 'zh-CN': zhCN, en },
};
