import { CodeOutlined } from '@ant-design/icons';
import type { ConsoleModule } from '../types.ts';
import { en } from './locales/en.ts';
import { interceptsEn } from './locales/intercepts.en.ts';
import { interceptsZhCN } from './locales/intercepts.zh-CN.ts';
import { zhCN } from './locales/zh-CN.ts';

export const consoleModule: ConsoleModule = {
  key: 'sdk',
  order: 2,
  group: 'settings',
  nav: [{ path: '/settings/sdk', labelKey: 'sdk:nav', icon: <CodeOutlined />, ability: 'sdkKeys.manage' }],
  routes: [{ path: '/settings/sdk', page: () => import('./SdkPage.tsx').then((m) => m.SdkPage) }],
  i18n: { 'zh-CN': { ...zhCN, intercepts: interceptsZhCN }, en: { ...en, intercepts: interceptsEn } },
};
