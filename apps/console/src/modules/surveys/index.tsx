import { FormOutlined } from '@ant-design/icons';
import type { ConsoleModule } from '../types.ts';
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
  i18n: {
    'zh-CN': {
      nav: '问卷', title: '问卷', fromTemplate: '从模板新建', blank: '空白问卷', status: { draft: '草稿', live: '收集中', paused: '已暂停', closed: '已结束', archived: '已归档' },
      version: '版本', responses: '回收量', updated: '更新时间', publish: '发布', pause: '暂停', resume: '恢复', close: '结束', duplicate: '复制', archive: '归档',
      edit: '编辑', links: '投放', definition: '问卷定义（SurveyJS JSON）', bindings: '指标绑定', preview: '手机预览', save: '保存草稿', saved: '已保存', jsonError: 'JSON 格式错误',
      previewHint: '发布后可在手机上打开链接作答', anonymous: '匿名链接', storeLinks: '门店二维码', touchpoint: '触点', png: 'PNG', svg: 'SVG', copy: '复制链接',
      personal: '个性化链接', context: '交易上下文（JSON）', customer: '会员号', generate: '生成', expires: '有效期至', unit: '门店', name: '名称', nameRequired: '请输入名称',
      publishedAs: '已发布为第 {{v}} 版', questions: '题目数', import: '导入问卷', chooseFile: '选择文件', check: '检查（不保存）', doImport: '导入为草稿', mapped: '已转换', notImported: '未导入', note: '提示', source: '来源', reason: '原因', allMapped: '全部题目已转换', builder: '可视化编辑', page: '页面', required: '必答', scale: '量表', rows: '行（value | 中文 | English）', columns: '列', showIf: '显示条件', addQuestion: '添加题目', addPage: '添加页面',
      types: { nps: 'NPS（0–10）', csat: 'CSAT 满意度（1–5）', ces: 'CES 费力度（1–7）', radiogroup: '单选', checkbox: '多选', dropdown: '下拉', boolean: '是/否', text: '填空', comment: '多行文本', matrix: '矩阵', ranking: '排序', html: '说明文字' }, noTouchpoint: '（无）', blankName: '新问卷',
    },
    en: {
      nav: 'Surveys', title: 'Surveys', fromTemplate: 'New from template', blank: 'Blank survey', status: { draft: 'Draft', live: 'Live', paused: 'Paused', closed: 'Closed', archived: 'Archived' },
      version: 'Version', responses: 'Responses', updated: 'Updated', publish: 'Publish', pause: 'Pause', resume: 'Resume', close: 'Close', duplicate: 'Duplicate', archive: 'Archive',
      edit: 'Edit', links: 'Distribute', definition: 'Definition (SurveyJS JSON)', bindings: 'Metric bindings', preview: 'Phone preview', save: 'Save draft', saved: 'Saved', jsonError: 'Invalid JSON',
      previewHint: 'Publish, then open the link on a phone', anonymous: 'Anonymous link', storeLinks: 'Store QR codes', touchpoint: 'Touchpoint', png: 'PNG', svg: 'SVG', copy: 'Copy link',
      personal: 'Personalised link', context: 'Transaction context (JSON)', customer: 'Member id', generate: 'Generate', expires: 'Expires', unit: 'Store', name: 'Name', nameRequired: 'Enter a name',
      publishedAs: 'Published as version {{v}}', questions: 'Questions', import: 'Import', chooseFile: 'Choose file', check: 'Check (dry run)', doImport: 'Import as draft', mapped: 'Mapped', notImported: 'Not imported', note: 'Note', source: 'Source', reason: 'Reason', allMapped: 'Every question was converted', builder: 'Builder', page: 'Page', required: 'Required', scale: 'Scale', rows: 'Rows (value | 中文 | English)', columns: 'Columns', showIf: 'Show if', addQuestion: 'Add question', addPage: 'Add page',
      types: { nps: 'NPS (0–10)', csat: 'CSAT (1–5)', ces: 'CES (1–7)', radiogroup: 'Single choice', checkbox: 'Multiple choice', dropdown: 'Dropdown', boolean: 'Yes / no', text: 'Text', comment: 'Long text', matrix: 'Matrix', ranking: 'Ranking', html: 'Text block' }, noTouchpoint: '(none)', blankName: 'New survey',
    },
  },
};
