import { FileTextOutlined } from '@ant-design/icons';
import type { ConsoleModule } from '../types.ts';
import { en } from './locales/en.ts';
import { zhCN } from './locales/zh-CN.ts';

/** Understand → Reports: a unit's weekly/monthly report (printable, PDF) and the schedules that mail it. */
export const consoleModule: ConsoleModule = {
  key: 'reports',
  order: 35,
  group: 'understand',
  nav: [{ path: '/reports', labelKey: 'reports:nav', icon: <FileTextOutlined />, ability: 'reports.read' }],
  routes: [
    { path: '/reports', page: () => import('./SchedulesPage.tsx').then((m) => m.SchedulesPage) },
    { path: '/reports/:unitId/:period', page: () => import('./ReportPage.tsx').then((m) => m.ReportPage) },
  ],
  i18n: { 'zh-CN': zhCN, en },
};
