/** Shell strings (modules bring their own bundles). */
export const core = {
  'zh-CN': {
    appName: 'loopcx 客户体验管理',
    login: { title: '登录', email: '邮箱', password: '密码', tenant: '组织（可选）', submit: '登录', failed: '登录失败', tooMany: '尝试次数过多，请稍后再试' },
    groups: { listen: '倾听', understand: '洞察', act: '行动', connect: '连接', settings: '设置' },
    header: { logout: '退出登录', language: 'English', scope: '管辖范围', role: '角色' },
    roles: { owner: '所有者', admin: '管理员', analyst: '分析师', manager: '经理', agent: '客服专员', viewer: '只读' },
    kinds: { hq: '总部', region: '大区', city: '城市', store: '门店', department: '部门' },
    common: {
      save: '保存', cancel: '取消', create: '新建', edit: '编辑', delete: '删除', confirm: '确定', search: '搜索', actions: '操作',
      name: '名称', nameEn: '英文名称', code: '编码', kind: '类型', status: '状态', active: '启用', archived: '已归档', disabled: '已停用',
      copy: '复制', copied: '已复制', loading: '加载中…', saved: '已保存', required: '必填', yes: '是', no: '否', close: '关闭', refresh: '刷新',
    },
    home: { title: '欢迎使用 loopcx', subtitle: '倾听每一位顾客，在每一个触点行动。', scope: '您的管辖范围：{{unit}}', next: '从左侧导航开始。' },
    notFound: '页面不存在',
  },
  en: {
    appName: 'loopcx Customer Experience',
    login: { title: 'Log in', email: 'Email', password: 'Password', tenant: 'Organisation (optional)', submit: 'Log in', failed: 'Login failed', tooMany: 'Too many attempts; try again later' },
    groups: { listen: 'Listen', understand: 'Understand', act: 'Act', connect: 'Connect', settings: 'Settings' },
    header: { logout: 'Log out', language: '中文', scope: 'Scope', role: 'Role' },
    roles: { owner: 'Owner', admin: 'Admin', analyst: 'Analyst', manager: 'Manager', agent: 'Agent', viewer: 'Viewer' },
    kinds: { hq: 'HQ', region: 'Region', city: 'City', store: 'Store', department: 'Department' },
    common: {
      save: 'Save', cancel: 'Cancel', create: 'New', edit: 'Edit', delete: 'Delete', confirm: 'OK', search: 'Search', actions: 'Actions',
      name: 'Name', nameEn: 'English name', code: 'Code', kind: 'Kind', status: 'Status', active: 'Active', archived: 'Archived', disabled: 'Disabled',
      copy: 'Copy', copied: 'Copied', loading: 'Loading…', saved: 'Saved', required: 'Required', yes: 'Yes', no: 'No', close: 'Close', refresh: 'Refresh',
    },
    home: { title: 'Welcome to loopcx', subtitle: 'Hear every customer, act at every touchpoint.', scope: 'Your scope: {{unit}}', next: 'Start from the navigation.' },
    notFound: 'Page not found',
  },
};
