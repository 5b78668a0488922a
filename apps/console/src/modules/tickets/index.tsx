import { AlertOutlined } from '@ant-design/icons';
import type { ConsoleModule } from '../types.ts';
import { en } from './locales/en.ts';
import { zhCN } from './locales/zh-CN.ts';
import { TicketPage } from './TicketPage.tsx';
import { TicketsPage } from './TicketsPage.tsx';

export const consoleModule: ConsoleModule = {
  key: 'tickets',
  order: 10,
  group: 'act',
  nav: [{ path: '/tickets', labelKey: 'tickets:nav', icon: <AlertOutlined />, ability: 'tickets.read' }],
  routes: [
    { path: '/tickets', element: <TicketsPage /> },
    { path: '/tickets/:id', element: <TicketPage /> },
  ],
  i18n: { 'zh-CN': zhCN, en },
};
