import { ExperimentOutlined } from '@ant-design/icons';
import type { ConsoleModule } from '../types.ts';
import { en } from './locales/en.ts';
import { zhCN } from './locales/zh-CN.ts';

export const consoleModule: ConsoleModule = {
  key: 'concept',
  order: 10,
  group: 'understand',
  nav: [{ path: '/concept-tests', labelKey: 'concept:nav', icon: <ExperimentOutlined />, ability: 'surveys.read' }],
  routes: [
    { path: '/concept-tests', page: () => import('./ConceptTestsPage.tsx').then((m) => m.ConceptTestsPage) },
    { path: '/concept-tests/:id', page: () => import('./ConceptTestPage.tsx').then((m) => m.ConceptTestPage) },
  ],
  i18n: { 'zh-CN': zhCN, en },
};
