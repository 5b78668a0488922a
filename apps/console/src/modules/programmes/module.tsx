import { ScheduleOutlined } from '@ant-design/icons';
import type { ConsoleModule } from '../types.ts';
import { en } from './locales/en.ts';
import { zhCN } from './locales/zh-CN.ts';

/** Distribution → Programmes: recurring survey waves to a customer segment, their wave history and a preview. */
export const consoleModule: ConsoleModule = {
  key: 'programmes',
  order: 20,
  group: 'distribute',
  nav: [{ path: '/programmes', labelKey: 'programmes:nav', icon: <ScheduleOutlined />, ability: 'reach.manage' }],
  routes: [{ path: '/programmes', page: () => import('./ProgrammesPage.tsx').then((m) => m.ProgrammesPage) }],
  i18n: { 'zh-CN': zhCN, en },
};
