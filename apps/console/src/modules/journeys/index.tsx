import { NodeIndexOutlined } from '@ant-design/icons';
import type { ConsoleModule } from '../types.ts';
import { JourneyEditor } from './JourneyEditor.tsx';
import { JourneyMapPage } from './JourneyMapPage.tsx';
import { en } from './locales/en.ts';
import { zhCN } from './locales/zh-CN.ts';

export const consoleModule: ConsoleModule = {
  key: 'journeys',
  order: 7,
  group: 'understand',
  nav: [{ path: '/journeys', labelKey: 'journeys:nav', icon: <NodeIndexOutlined />, ability: 'metrics.read' }],
  routes: [
    { path: '/journeys', element: <JourneyMapPage /> },
    { path: '/journeys/edit', element: <JourneyEditor /> },
  ],
  i18n: { 'zh-CN': zhCN, en },
};
