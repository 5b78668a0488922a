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
  embed: {
    title: '允许嵌入问卷的网站',
    help: '问卷页可以在这些网站的页面中以框架（iframe）方式打开。留空则任何网站都不能嵌入问卷；管理后台本身始终不能被嵌入。微信小程序 web-view 直接打开问卷页，无需在此添加，请把本系统域名加入小程序的业务域名。',
    sites: '网站地址',
    example:
      "每个地址须为 https 开头的源（如 https://shop.example.com、https://*.example.com），或 'self'（本系统自身）。按回车或逗号添加。",
    none: '未允许任何网站',
    invalid: "以下地址无效：{{sites}}。须为 https 源（不带路径）或 'self'",
    tooMany: '最多 20 个网站',
  },
  wechat: {
    title: '微信公众号（问卷页微信登录）',
    help: '在微信中打开问卷链接时，问卷页会通过该公众号的静默授权（snsapi_base，无需用户确认）获取答题人的 openid：同一微信用户的答卷归入同一客户，问卷也可设置“每个微信用户只能填写一次”。请在公众号后台把本系统域名加入“网页授权域名”。',
    appId: 'AppID',
    appIdInvalid: 'AppID 为 wx 加 16 位字母或数字',
    appSecret: 'AppSecret',
    secretKept: '已保存；留空则保留原 AppSecret',
    secretRequired: '首次设置须填写 AppSecret',
    oauth: '在微信中打开问卷时获取 openid',
    oauthHelp: '关闭后问卷页不再跳转微信授权。',
    remove: '移除公众号',
    removeConfirm: '移除后问卷页不再获取 openid，确定吗？',
    removed: '已移除',
  },
};
