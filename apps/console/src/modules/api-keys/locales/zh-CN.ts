/** Chinese strings of the api-keys module (namespace `api-keys`); the default language and the shape `en.ts` must match. */
export const zhCN = {
  nav: 'API 密钥',
  title: 'API 密钥',
  new: '新建密钥',
  help: '供 POS、CRM、数据平台等系统调用 API。密钥只在创建时显示一次，服务器只保存其哈希。',
  name: '名称',
  prefix: '前缀',
  role: '角色',
  unit: '权限范围',
  unitHelp: '留空 = 您的管辖范围',
  lastUsed: '最近使用',
  revoked: '已吊销',
  revoke: '吊销',
  revokeConfirm: '吊销「{{name}}」？使用它的系统将立即无法访问。',
  createdTitle: '密钥已创建',
  shownOnce: '请立即复制：关闭后将无法再次查看。',
  usage: '请求时携带 Authorization: Bearer <密钥>。API 文档：/api/docs',
};
