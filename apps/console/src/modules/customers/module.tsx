import { ApartmentOutlined, IdcardOutlined } from '@ant-design/icons';
import type { ConsoleModule } from '../types.ts';
import { en } from './locales/en.ts';
import { zhCN } from './locales/zh-CN.ts';

export const consoleModule: ConsoleModule = {
  key: 'customers',
  order: 40,
  group: 'understand',
  nav: [
    { path: '/customers', labelKey: 'customers:nav', icon: <IdcardOutlined />, ability: 'customers.read' },
    {
      path: '/customer-segments',
      labelKey: 'customers:segmentsNav',
      icon: <ApartmentOutlined />,
      ability: 'customers.read',
    },
  ],
  routes: [
    { path: '/customers', page: () => import('./CustomersPage.tsx').then((m) => m.CustomersPage) },
    { path: '/customers/:id', page: () => import('./CustomerPage.tsx').then((m) => m.CustomerPage) },
    { path: '/customer-segments', page: () => import('./SegmentsPage.tsx').then((m) => m.SegmentsPage) },
  ],
  i18n: { 'zh-CN': zhCN, en },
};
