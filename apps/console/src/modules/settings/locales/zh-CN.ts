/** Chinese strings of the settings module (namespace `settings`); the default language and the shape `en.ts` must match. */
export const zhCN = {
  nav: '企业设置',
  title: '企业设置',
  name: '企业名称',
  nameRequired: '请输入企业名称',
  defaultLocale: '默认语言',
  timezone: '时区',
  timezoneRequired: '请选择时区',
  localNow: '该时区现在是 {{time}}',
  timezoneHelp:
    '所有按天统计的数据都以此时区的日历日为准：仪表盘与指标的周期、“今天”“近 30 天”、日期筛选、导出的时间。修改后新提交的答卷按新时区计入；已统计的日期保持不变。',
  saved: '已保存',
};
