import { FormOutlined } from '@ant-design/icons';
import type { ConsoleModule } from '../types.ts';
import { en } from './locales/en.ts';
import { zhCN } from './locales/zh-CN.ts';

export const consoleModule: ConsoleModule = {
  key: 'surveys',
  order: 10,
  group: 'listen',
  nav: [{ path: '/surveys', labelKey: 'surveys:nav', icon: <FormOutlined />, ability: 'surveys.read' }],
  routes: [
    { path: '/surveys', page: () => import('./SurveysPage.tsx').then((m) => m.SurveysPage) },
    { path: '/surveys/:id', page: () => import('./SurveyEditor.tsx').then((m) => m.SurveyEditor) },
  ],
  i18n: { 'zh-CN': zhCN, en },
};
