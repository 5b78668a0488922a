import type { Shape } from '../../../lib/locale.ts';
import type { zhCN } from './zh-CN.ts';

/** English strings of the X → O module: the type checker refuses a key missing here or absent from zh-CN. */
export const en: Shape<typeof zhCN> = {
  nav: 'X → O validation',
  title: 'Does experience predict behaviour?',
  intro:
    'By score group, the share of customers with (or without) an outcome event within N days of answering: a significantly higher share in the top group means the score predicts behaviour here.',
  survey: 'Survey',
  allSurveys: 'All surveys',
  metric: 'Metric',
  event: 'Outcome event',
  outcome: 'Outcome',
  occurs: 'Occurs (e.g. repurchase)',
  absent: 'Absent (e.g. churn)',
  within: 'Days after answering',
  days: '{{n}} days',
  unit: 'Unit',
  run: 'Compute',
  group: 'Group',
  rate: 'Rate',
  ci: '95% CI',
  n: 'n',
  outcomes: 'Outcomes',
  lift: 'Lift',
  pending: '{{n}} answers whose window has not ended yet are left out',
  tileTitle: '{{metric}} → {{event}} ({{outcome}} within {{days}} days)',
  occursShort: 'occurs',
  absentShort: 'absent',
  addToDashboard: 'Add to dashboard',
  pickDashboard: 'One of your dashboards',
  noDashboards: 'Save a dashboard first',
  added: 'Added to “{{name}}”',
  alreadyThere: 'already there',
  full: '4 tiles, full',
  groups: {
    promoters: 'Promoters',
    passives: 'Passives',
    detractors: 'Detractors',
    low_effort: 'Low effort',
    mid_effort: 'Mid effort',
    high_effort: 'High effort',
    score: 'Score {{score}}',
  },
  verdict: {
    predictive:
      '{{top}}: {{topRate}}%, {{lift}}× {{bottom}} ({{bottomRate}}%), {{points}} points higher (95% CI {{lo}} to {{hi}}): here the score predicts the outcome.',
    inverse:
      '{{top}} ({{topRate}}%) are significantly lower than {{bottom}} ({{bottomRate}}%): here the score runs against the outcome.',
    not_predictive:
      'No significant difference between {{top}} ({{topRate}}%) and {{bottom}} ({{bottomRate}}%) (p = {{p}}): not predictive here.',
    insufficient: 'Too few answers: fewer than {{minN}} with a finished window in the top or bottom group to judge.',
  },
};
