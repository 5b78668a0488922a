import { AlertOutlined } from '@ant-design/icons';
import type { ConsoleModule } from '../types.ts';
import { en } from './locales/en.ts';
import { zhCN } from './locales/zh-CN.ts';

export const consoleModule: ConsoleModule = {
  key: 'tickets',
  order: 10,
  group: 'act',
  nav: [{ path: '/tickets', labelKey: 'tickets:nav', icon: <AlertOutlined />, ability: 'tickets.read' }],
  routes: [
    { path: '/tickets', page: () => import('./TicketsPage.tsx').then((m) => m.TicketsPage) },
    { path: '/tickets/:id', page: () => import('./TicketPage.tsx').then((m) => m.TicketPage) },
  ],
  i18n: { 'zh-CN': zhCN, en },
};
