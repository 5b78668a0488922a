import { FunctionOutlined } from '@ant-design/icons';
import type { ConsoleModule } from '../types.ts';
import { en } from './locales/en.ts';
import { zhCN } from './locales/zh-CN.ts';

export const consoleModule: ConsoleModule = {
  key: 'metric-defs',
  order: 8,
  group: 'understand',
  nav: [
    { path: '/metric-definitions', labelKey: 'metric-defs:nav', icon: <FunctionOutlined />, ability: 'metrics.read' },
  ],
  routes: [
    {
      path: '/metric-definitions',
      page: () => import('./MetricDefinitionsPage.tsx').then((m) => m.MetricDefinitionsPage),
    },
  ],
  i18n: { 'zh-CN': zhCN, en },
};
