import { ApartmentOutlined, IdcardOutlined } from '@ant-design/icons';
import type { ConsoleModule } from '../types.ts';
import { CustomerPage } from './CustomerPage.tsx';
import { CustomersPage } from './CustomersPage.tsx';
import { en } from './locales/en.ts';
import { zhCN } from './locales/zh-CN.ts';
import { SegmentsPage } from './SegmentsPage.tsx';

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
    { path: '/customers', element: <CustomersPage /> },
    { path: '/customers/:id', element: <CustomerPage /> },
    { path: '/customer-segments', element: <SegmentsPage /> },
  ],
  i18n: { 'zh-CN': zhCN, en },
};
