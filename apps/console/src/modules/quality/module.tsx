import { ReadOutlined, SafetyCertificateOutlined } from '@ant-design/icons';
import type { ConsoleModule } from '../types.ts';
import { en } from './locales/en.ts';
import { zhCN } from './locales/zh-CN.ts';

export const consoleModule: ConsoleModule = {
  key: 'quality',
  order: 30,
  group: 'act',
  nav: [
    {
      // The module's root, so every QA page (audits, an audit, checklists, indicators) keeps the item selected.
      path: '/quality',
      labelKey: 'quality:nav',
      icon: <SafetyCertificateOutlined />,
      ability: 'inspections.read',
    },
    // Every user's own training (no ability: anyone may be assigned a quiz).
    { path: '/training', labelKey: 'quality:training.nav', icon: <ReadOutlined /> },
  ],
  routes: [
    { path: '/quality', page: () => import('./AuditsPage.tsx').then((m) => m.AuditsPage) },
    { path: '/quality/audits', page: () => import('./AuditsPage.tsx').then((m) => m.AuditsPage) },
    { path: '/quality/audits/:id', page: () => import('./AuditPage.tsx').then((m) => m.AuditPage) },
    { path: '/quality/checklists', page: () => import('./ChecklistsPage.tsx').then((m) => m.ChecklistsPage) },
    { path: '/quality/calibration', page: () => import('./CalibrationPage.tsx').then((m) => m.CalibrationPage) },
    { path: '/quality/plans', page: () => import('./PlansPage.tsx').then((m) => m.PlansPage) },
    { path: '/quality/plans/:id', page: () => import('./PlansDetailPage.tsx').then((m) => m.PlansDetailPage) },
    { path: '/quality/training', page: () => import('./TrainingPage.tsx').then((m) => m.TrainingPage) },
    { path: '/training', page: () => import('./MyTrainingPage.tsx').then((m) => m.MyTrainingPage) },
    { path: '/training/:id', page: () => import('./TakeQuizPage.tsx').then((m) => m.TakeQuizPage) },
    { path: '/quality/indicators', page: () => import('./IndicatorsPage.tsx').then((m) => m.IndicatorsPage) },
  ],
  i18n: { 'zh-CN': zhCN, en },
};
