import type { ConsoleModule } from '../types.ts';
import { en } from './locales/en.ts';
import { zhCN } from './locales/zh-CN.ts';

/** Process blueprints: pages under the service-QA section (its "Blueprints" tab), no sidebar item of their own. */
export const consoleModule: ConsoleModule = {
  key: 'blueprints',
  order: 31,
  group: 'act',
  nav: [],
  routes: [
    { path: '/quality/blueprints', page: () => import('./BlueprintsPage.tsx').then((m) => m.BlueprintsPage) },
    { path: '/quality/blueprints/:id', page: () => import('./BlueprintPage.tsx').then((m) => m.BlueprintPage) },
  ],
  i18n: { 'zh-CN': zhCN, en },
};
