import { FormOutlined } from '@ant-design/icons';
import type { ConsoleModule } from '../types.ts';
import { en } from './locales/en.ts';
import { zhCN } from './locales/zh-CN.ts';
import { SurveyEditor } from './SurveyEditor.tsx';
import { SurveysPage } from './SurveysPage.tsx';

export const consoleModule: ConsoleModule = {
  key: 'surveys',
  order: 10,
  group: 'listen',
  nav: [{ path: '/surveys', labelKey: 'surveys:nav', icon: <FormOutlined />, ability: 'surveys.read' }],
  routes: [
    { path: '/surveys', element: <SurveysPage /> },
    { path: '/surveys/:id', element: <SurveyEditor /> },
  ],
  i18n: { 'zh-CN': zhCN, en },
};
