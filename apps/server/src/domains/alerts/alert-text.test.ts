import { describe, expect, it } from 'vitest';
import { alertBody, tenantLang } from './alert-text.ts';

const definition = {
  elements: [
    { type: 'rating', name: 'nps', title: { default: 'Recommend?', 'zh-cn': '推荐意愿' } },
    {
      type: 'checkbox',
      name: 'improve',
      title: { default: 'Improve', 'zh-cn': '需要改进' },
      choices: [
        { value: 'wait', text: { default: 'Waiting time', 'zh-cn': '等位时间' } },
        { value: 'serve', text: { default: 'Service', 'zh-cn': '服务' } },
      ],
    },
  ],
};
const response = {
  survey_name: '就餐满意度',
  unit_name: '静安店',
  unit_code: 'SH-01',
  definition,
  answers: { nps: 2, improve: ['wait', 'serve'] },
  scores: { nps: 2, 'rating:x': 1 },
};

describe('alert email body', () => {
  it('lists answers as title: label lines in the tenant language, never keys or JSON', () => {
    expect(alertBody(response, 'zh-CN').split('\n')).toEqual([
      '就餐满意度 — NPS 2',
      '门店/单位: 静安店 (SH-01)',
      '',
      '答卷内容:',
      '- 推荐意愿: 2',
      '- 需要改进: 等位时间; 服务',
    ]);
    const en = alertBody(response, 'en');
    expect(en).toContain('- Improve: Waiting time; Service');
    expect(en).not.toMatch(/[{}[\]]|wait\b|serve\b/);
    expect(tenantLang('en')).toBe('en');
    expect(tenantLang('zh-CN')).toBe('zh-CN');
  });
});
