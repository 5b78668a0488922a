/** Chinese strings of the teams module (namespace `teams`); the default language and the shape `en.ts` must match. */
export const zhCN = {
  nav: '团队',
  title: '团队（职能负责方）',
  new: '新建团队',
  members: '成员',
  description: '说明',
  deleteConfirm: '删除团队「{{name}}」？',
};
