import { ArrowDownOutlined, ArrowUpOutlined, DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Card, Checkbox, Col, Dropdown, Input, InputNumber, Row, Select, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';

type Loc = string | { default?: string; 'zh-cn'?: string; [k: string]: string | undefined };
type El = Record<string, any>;
type Def = { pages?: Array<{ name: string; title?: Loc; elements?: El[] }>; elements?: El[]; [k: string]: unknown };

/** SurveyJS localizable strings: English in `default`, Chinese under `zh-cn` (see the templates). */
const zh = (v: Loc | undefined) => (typeof v === 'string' ? v : (v?.['zh-cn'] ?? ''));
const en = (v: Loc | undefined) => (typeof v === 'string' ? v : (v?.default ?? ''));
const setLoc = (v: Loc | undefined, lang: 'zh' | 'en', text: string): Loc => {
  const o = typeof v === 'string' ? { default: v, 'zh-cn': v } : { ...(v ?? {}) };
  if (lang === 'zh') o['zh-cn'] = text;
  else o.default = text;
  return o;
};

const TYPES: Array<{ key: string; make: (name: string) => El | El[] }> = [
  {
    key: 'nps',
    make: (name) => ({
      type: 'rating',
      name,
      rateMin: 0,
      rateMax: 10,
      title: { default: 'How likely are you to recommend us?', 'zh-cn': '您向亲友推荐我们的可能性有多大？' },
    }),
  },
  {
    key: 'csat',
    make: (name) => ({
      type: 'rating',
      name,
      rateMin: 1,
      rateMax: 5,
      title: { default: 'How satisfied are you?', 'zh-cn': '您的满意度如何？' },
    }),
  },
  {
    key: 'ces',
    make: (name) => ({
      type: 'rating',
      name,
      rateMin: 1,
      rateMax: 7,
      title: { default: 'How easy was it?', 'zh-cn': '这次有多容易？' },
    }),
  },
  {
    key: 'radiogroup',
    make: (name) => ({
      type: 'radiogroup',
      name,
      title: { default: 'Choose one', 'zh-cn': '请选择' },
      choices: [
        { value: 'a', text: { default: 'Option A', 'zh-cn': '选项 A' } },
        { value: 'b', text: { default: 'Option B', 'zh-cn': '选项 B' } },
      ],
    }),
  },
  {
    key: 'checkbox',
    make: (name) => ({
      type: 'checkbox',
      name,
      title: { default: 'Choose any', 'zh-cn': '可多选' },
      choices: [
        { value: 'a', text: { default: 'Option A', 'zh-cn': '选项 A' } },
        { value: 'b', text: { default: 'Option B', 'zh-cn': '选项 B' } },
      ],
    }),
  },
  {
    key: 'dropdown',
    make: (name) => ({
      type: 'dropdown',
      name,
      title: { default: 'Select', 'zh-cn': '请选择' },
      choices: [
        { value: 'a', text: 'A' },
        { value: 'b', text: 'B' },
      ],
    }),
  },
  { key: 'boolean', make: (name) => ({ type: 'boolean', name, title: { default: 'Yes or no?', 'zh-cn': '是否？' } }) },
  { key: 'text', make: (name) => ({ type: 'text', name, title: { default: 'Your answer', 'zh-cn': '请填写' } }) },
  {
    key: 'comment',
    make: (name) => ({ type: 'comment', name, title: { default: 'Anything else?', 'zh-cn': '还有什么想说的？' } }),
  },
  // "May we contact you?": a consent question and, shown only after a yes, a phone question (text + tel), whose
  // answer the server keeps only masked and sealed and puts on the ticket for a call-back.
  {
    key: 'contact',
    make: (name) => [
      {
        type: 'boolean',
        name: `${name}_ok`,
        title: { default: 'May we contact you about your feedback?', 'zh-cn': '我们可以联系您跟进吗？' },
      },
      {
        type: 'text',
        inputType: 'tel',
        name: `${name}_phone`,
        title: { default: 'Your phone number', 'zh-cn': '请留下您的手机号' },
        placeholder: { default: 'e.g. +86 138 0013 8000', 'zh-cn': '例如 138 0013 8000' },
        visibleIf: `{${name}_ok} = true`,
        isRequired: true,
      },
    ],
  },
  {
    key: 'matrix',
    make: (name) => ({
      type: 'matrix',
      name,
      title: { default: 'Rate each', 'zh-cn': '请逐项评价' },
      rows: [{ value: 'r1', text: { default: 'Row 1', 'zh-cn': '第一项' } }],
      columns: [1, 2, 3, 4, 5].map((v) => ({ value: v, text: String(v) })),
    }),
  },
  {
    key: 'ranking',
    make: (name) => ({
      type: 'ranking',
      name,
      title: { default: 'Rank these', 'zh-cn': '请排序' },
      choices: [
        { value: 'a', text: 'A' },
        { value: 'b', text: 'B' },
        { value: 'c', text: 'C' },
      ],
    }),
  },
  {
    key: 'html',
    make: (name) => ({ type: 'html', name, html: { default: '<p>Text</p>', 'zh-cn': '<p>说明文字</p>' } }),
  },
];

/** Choices as editable lines: `value | 中文 | English`. */
const choicesToText = (list: any[] = []) =>
  list.map((c) => (typeof c === 'object' ? `${c.value} | ${zh(c.text)} | ${en(c.text)}` : String(c))).join('\n');
const textToChoices = (text: string) =>
  text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)
    .map((l) => {
      const [value, z, e] = l.split('|').map((s) => s.trim());
      return z || e ? { value, text: { default: e || z, 'zh-cn': z || e } } : value;
    });

const OPS = ['=', '!=', '<=', '>=', '<', '>', 'contains', 'notcontains', 'empty', 'notempty'];

function ConditionEditor({
  value,
  onChange,
  names,
}: {
  value?: string;
  onChange: (v: string | undefined) => void;
  names: string[];
}) {
  const { t } = useTranslation('surveys');
  const m = /^\{([\w-]+)\}\s+(=|!=|<=|>=|<|>|contains|notcontains|empty|notempty)\s*(.*)$/.exec(value ?? '');
  const [q, op, raw] = m ? [m[1], m[2], m[3]] : ['', '=', ''];
  const build = (nq: string, nop: string, nv: string) =>
    onChange(
      nq
        ? `{${nq}} ${nop}${['empty', 'notempty'].includes(nop) ? '' : ` ${/^-?\d+(\.\d+)?$/.test(nv) || nv.startsWith("'") ? nv : `'${nv.replace(/'/g, '')}'`}`}`
        : undefined,
    );
  return (
    <Space.Compact style={{ width: '100%' }}>
      <Select
        allowClear
        placeholder={t('showIf')}
        style={{ width: 140 }}
        value={q || undefined}
        options={names.map((n) => ({ value: n, label: n }))}
        onChange={(v) => build(v ?? '', op, raw)}
      />
      <Select
        style={{ width: 110 }}
        value={op}
        options={OPS.map((o) => ({ value: o, label: o }))}
        onChange={(v) => build(q, v, raw)}
        disabled={!q}
      />
      <Input
        style={{ width: 120 }}
        value={raw.replace(/^'|'$/g, '')}
        onChange={(e) => build(q, op, e.target.value)}
        disabled={!q || ['empty', 'notempty'].includes(op)}
      />
      <Input
        placeholder="visibleIf"
        value={value ?? ''}
        onChange={(e) => onChange(e.target.value || undefined)}
        style={{ fontFamily: 'monospace' }}
      />
    </Space.Compact>
  );
}

/** A visual editor for the common CX question types; edits the SurveyJS JSON shown in the JSON tab. */
export function Builder({
  definition,
  onChange,
  disabled,
}: {
  definition: Def;
  onChange: (d: Def) => void;
  disabled?: boolean;
}) {
  const { t } = useTranslation('surveys');
  const pages = definition.pages ?? [{ name: 'page1', elements: definition.elements ?? [] }];
  const names = pages.flatMap((p) => (p.elements ?? []).map((e) => e.name as string));
  const commit = (next: typeof pages) => {
    const { elements: _drop, ...rest } = definition;
    onChange({ ...rest, pages: next });
  };
  const updateEl = (pi: number, ei: number, patch: Partial<El> | null) =>
    commit(
      pages.map((p, i) =>
        i !== pi
          ? p
          : {
              ...p,
              elements: (p.elements ?? []).flatMap((e, j) =>
                j !== ei ? [e] : patch === null ? [] : [{ ...e, ...patch }],
              ),
            },
      ),
    );
  const move = <T,>(list: T[], i: number, d: number) => {
    const copy = [...list];
    const [x] = copy.splice(i, 1);
    copy.splice(Math.max(0, Math.min(copy.length, i + d)), 0, x);
    return copy;
  };
  const newName = (base: string) => {
    let i = 1;
    while (names.some((n) => n === `${base}${i}` || n.startsWith(`${base}${i}_`))) i++;
    return `${base}${i}`;
  };
  return (
    <div>
      {pages.map((p, pi) => (
        <Card
          key={p.name}
          size="small"
          style={{ marginBottom: 12 }}
          title={
            <Space wrap>
              <Typography.Text strong>
                {t('page')} {pi + 1}
              </Typography.Text>
              <Input
                size="small"
                placeholder="页面标题"
                value={zh(p.title)}
                disabled={disabled}
                onChange={(e) =>
                  commit(pages.map((x, i) => (i === pi ? { ...x, title: setLoc(x.title, 'zh', e.target.value) } : x)))
                }
                style={{ width: 160 }}
              />
              <Input
                size="small"
                placeholder="Page title"
                value={en(p.title)}
                disabled={disabled}
                onChange={(e) =>
                  commit(pages.map((x, i) => (i === pi ? { ...x, title: setLoc(x.title, 'en', e.target.value) } : x)))
                }
                style={{ width: 160 }}
              />
            </Space>
          }
          extra={
            !disabled && (
              <Space>
                <Button
                  size="small"
                  icon={<ArrowUpOutlined />}
                  onClick={() => commit(move(pages, pi, -1))}
                  disabled={pi === 0}
                />
                <Button
                  size="small"
                  icon={<ArrowDownOutlined />}
                  onClick={() => commit(move(pages, pi, 1))}
                  disabled={pi === pages.length - 1}
                />
                <Button
                  size="small"
                  danger
                  icon={<DeleteOutlined />}
                  onClick={() => commit(pages.filter((_, i) => i !== pi))}
                  disabled={pages.length === 1}
                />
              </Space>
            )
          }
        >
          {(p.elements ?? []).map((el, ei) => (
            <Card
              // biome-ignore lint/suspicious/noArrayIndexKey: the name changes while it is typed; the position is the stable identity
              key={`${pi}-${ei}`}
              size="small"
              type="inner"
              style={{ marginBottom: 8 }}
              data-testid={`builder-${el.name}`}
              title={
                <Space>
                  <Typography.Text code>{el.type}</Typography.Text>
                  <Input
                    size="small"
                    value={el.name}
                    disabled={disabled}
                    onChange={(e) => updateEl(pi, ei, { name: e.target.value.replace(/[^\w-]/g, '') })}
                    style={{ width: 140 }}
                  />
                </Space>
              }
              extra={
                !disabled && (
                  <Space>
                    {el.type !== 'html' && (
                      <Checkbox
                        checked={!!el.isRequired}
                        onChange={(e) => updateEl(pi, ei, { isRequired: e.target.checked || undefined })}
                      >
                        {t('required')}
                      </Checkbox>
                    )}
                    <Button
                      size="small"
                      icon={<ArrowUpOutlined />}
                      onClick={() =>
                        commit(pages.map((x, i) => (i === pi ? { ...x, elements: move(x.elements ?? [], ei, -1) } : x)))
                      }
                    />
                    <Button
                      size="small"
                      icon={<ArrowDownOutlined />}
                      onClick={() =>
                        commit(pages.map((x, i) => (i === pi ? { ...x, elements: move(x.elements ?? [], ei, 1) } : x)))
                      }
                    />
                    <Button size="small" danger icon={<DeleteOutlined />} onClick={() => updateEl(pi, ei, null)} />
                  </Space>
                )
              }
            >
              <Row gutter={8}>
                <Col xs={24} md={12}>
                  <Input
                    addonBefore="中"
                    value={zh(el.type === 'html' ? el.html : el.title)}
                    disabled={disabled}
                    onChange={(e) =>
                      updateEl(
                        pi,
                        ei,
                        el.type === 'html'
                          ? { html: setLoc(el.html, 'zh', e.target.value) }
                          : { title: setLoc(el.title, 'zh', e.target.value) },
                      )
                    }
                  />
                </Col>
                <Col xs={24} md={12}>
                  <Input
                    addonBefore="EN"
                    value={en(el.type === 'html' ? el.html : el.title)}
                    disabled={disabled}
                    onChange={(e) =>
                      updateEl(
                        pi,
                        ei,
                        el.type === 'html'
                          ? { html: setLoc(el.html, 'en', e.target.value) }
                          : { title: setLoc(el.title, 'en', e.target.value) },
                      )
                    }
                  />
                </Col>
              </Row>
              {el.type === 'rating' && (
                <Space style={{ marginTop: 8 }} wrap>
                  {t('scale')}:
                  <InputNumber
                    size="small"
                    value={el.rateMin ?? 1}
                    disabled={disabled}
                    onChange={(v) => updateEl(pi, ei, { rateMin: v ?? 1 })}
                    style={{ width: 70 }}
                  />
                  –
                  <InputNumber
                    size="small"
                    value={el.rateMax ?? 5}
                    disabled={disabled}
                    onChange={(v) => updateEl(pi, ei, { rateMax: v ?? 5 })}
                    style={{ width: 70 }}
                  />
                  <Button
                    size="small"
                    onClick={() => updateEl(pi, ei, { rateMin: 0, rateMax: 10 })}
                    disabled={disabled}
                  >
                    NPS 0–10
                  </Button>
                  <Button size="small" onClick={() => updateEl(pi, ei, { rateMin: 1, rateMax: 5 })} disabled={disabled}>
                    CSAT 1–5
                  </Button>
                  <Button size="small" onClick={() => updateEl(pi, ei, { rateMin: 1, rateMax: 7 })} disabled={disabled}>
                    CES 1–7
                  </Button>
                </Space>
              )}
              {['radiogroup', 'checkbox', 'dropdown', 'ranking'].includes(el.type) && (
                <Input.TextArea
                  style={{ marginTop: 8, fontFamily: 'monospace' }}
                  rows={3}
                  disabled={disabled}
                  placeholder="value | 中文 | English"
                  defaultValue={choicesToText(el.choices)}
                  onBlur={(e) => updateEl(pi, ei, { choices: textToChoices(e.target.value) })}
                />
              )}
              {el.type === 'matrix' && (
                <Row gutter={8} style={{ marginTop: 8 }}>
                  <Col span={12}>
                    <Input.TextArea
                      rows={3}
                      disabled={disabled}
                      placeholder={t('rows')}
                      defaultValue={choicesToText(el.rows)}
                      onBlur={(e) => updateEl(pi, ei, { rows: textToChoices(e.target.value) })}
                      style={{ fontFamily: 'monospace' }}
                    />
                  </Col>
                  <Col span={12}>
                    <Input.TextArea
                      rows={3}
                      disabled={disabled}
                      placeholder={t('columns')}
                      defaultValue={choicesToText(el.columns)}
                      onBlur={(e) => updateEl(pi, ei, { columns: textToChoices(e.target.value) })}
                      style={{ fontFamily: 'monospace' }}
                    />
                  </Col>
                </Row>
              )}
              <div style={{ marginTop: 8 }}>
                <ConditionEditor
                  value={el.visibleIf}
                  names={names.filter((n) => n !== el.name)}
                  onChange={(v) => updateEl(pi, ei, { visibleIf: v })}
                />
              </div>
            </Card>
          ))}
          {!disabled && (
            <Dropdown
              menu={{
                items: TYPES.map((ty) => ({ key: ty.key, label: t(`types.${ty.key}`) })),
                onClick: ({ key }) =>
                  commit(
                    pages.map((x, i) =>
                      i === pi
                        ? {
                            ...x,
                            elements: [
                              ...(x.elements ?? []),
                              ...[
                                TYPES.find((ty) => ty.key === key)!.make(
                                  newName(
                                    key === 'nps' || key === 'csat' || key === 'ces' || key === 'contact' ? key : 'q',
                                  ),
                                ),
                              ].flat(),
                            ],
                          }
                        : x,
                    ),
                  ),
              }}
            >
              <Button icon={<PlusOutlined />} data-testid={`add-question-${pi}`}>
                {t('addQuestion')}
              </Button>
            </Dropdown>
          )}
        </Card>
      ))}
      {!disabled && (
        <Button onClick={() => commit([...pages, { name: newName('page'), elements: [] }])}>{t('addPage')}</Button>
      )}
    </div>
  );
}
