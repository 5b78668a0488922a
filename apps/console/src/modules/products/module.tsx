import { AppstoreOutlined } from '@ant-design/icons';
import type { ConsoleModule } from '../types.ts';
import { en } from './locales/en.ts';
import { zhCN } from './locales/zh-CN.ts';

export const consoleModule: ConsoleModule = {
  key: 'products',
  order: 12,
  group: 'understand',
  nav: [{ path: '/products', labelKey: 'products:nav', icon: <AppstoreOutlined />, ability: 'products.read' }],
  routes: [
    { path: '/products', page: () => import('./ProductsPage.tsx').then((m) => m.ProductsPage) },
    { path: '/products/:id', page: () => import('./ProductPage.tsx').then((m) => m.ProductPage) },
  ],
  i18n: { 'zh-CN': zhCN, en },
};
