/** Chinese strings of the X → O module (namespace `outcomes`); the default language and the shape `en.ts` must match. */
export const zhCN = {
  nav: '体验→行为验证',
  title: '体验能否预测行为？',
  intro:
    '按评分分组，看回答后 N 天内发生（或未发生）某个行为事件的客户比例：高分组的比例显著更高，说明体验分数在这里能预测行为。',
  metric: '指标',
  event: '结果事件',
  outcome: '结果',
  occurs: '发生（如复购）',
  absent: '未发生（如流失）',
  within: '回答后天数',
  days: '{{n}} 天',
  unit: '单位',
  run: '计算',
  group: '分组',
  rate: '比例',
  ci: '95% 区间',
  n: '样本',
  outcomes: '发生数',
  lift: '提升倍数',
  pending: '{{n}} 份回答的观察期尚未结束，未计入',
  tileTitle: '{{metric}} → {{event}}（{{days}} 天内{{outcome}}）',
  occursShort: '发生',
  absentShort: '未发生',
  groups: {
    promoters: '推荐者',
    passives: '中立者',
    detractors: '贬损者',
    low_effort: '省力',
    mid_effort: '一般',
    high_effort: '费力',
    score: '{{score}} 分',
  },
  verdict: {
    predictive:
      '{{top}}的比例为 {{topRate}}%，是{{bottom}}（{{bottomRate}}%）的 {{lift}} 倍，高 {{points}} 个百分点（95% 区间 {{lo}} 至 {{hi}}）：在这里，体验分数能预测该行为。',
    inverse: '{{top}}的比例（{{topRate}}%）显著低于{{bottom}}（{{bottomRate}}%）：在这里，分数与该行为呈反向关系。',
    not_predictive:
      '{{top}}（{{topRate}}%）与{{bottom}}（{{bottomRate}}%）之间没有显著差异（p = {{p}}）：在这里，体验分数不能预测该行为。',
    insufficient: '样本不足：最高或最低分组少于 {{minN}} 份已结束观察期的回答，暂无法判断。',
  },
};
