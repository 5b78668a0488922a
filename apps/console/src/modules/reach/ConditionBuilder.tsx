import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { AutoComplete, Button, Input, Radio, Select, Space, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { usePhone } from '../../components/ListPage.tsx';

export const OPERATORS = ['=', '!=', '>', '>=', '<', '<=', 'contains', 'notcontains', 'notempty', 'empty'] as const;
type Operator = (typeof OPERATORS)[number];
const UNARY: readonly Operator[] = ['notempty', 'empty'];

/** One row of the builder: `{property} operator value`. */
export interface ConditionRow {
  property: string;
  operator: Operator;
  value: string;
}

const ROW = /^\{([A-Za-z_][\w.-]*)\}\s*(notcontains|contains|notempty|empty|!=|>=|<=|=|>|<)\s*(.*)$/;

/** A value as the expression writes it: numbers and booleans bare, anything else single-quoted. */
function literal(value: string): string {
  const v = value.trim();
  if (/^-?\d+(\.\d+)?$/.test(v) || v === 'true' || v === 'false') return v;
  return `'${v.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

function unliteral(text: string): string | null {
  const v = text.trim();
  const quoted = /^'((?:[^'\\]|\\.)*)'$/.exec(v) ?? /^"((?:[^"\\]|\\.)*)"$/.exec(v);
  if (quoted) return quoted[1].replace(/\\(.)/g, '$1');
  if (/^-?\d+(\.\d+)?$/.test(v) || v === 'true' || v === 'false') return v;
  return null;
}

/** The SurveyJS expression of the rows, joined by `and` / `or`; empty rows are left out. */
export function buildExpression(rows: ConditionRow[], join: 'and' | 'or'): string {
  return rows
    .filter((r) => r.property.trim() && (UNARY.includes(r.operator) || r.value.trim() !== ''))
    .map((r) =>
      UNARY.includes(r.operator)
        ? `{${r.property.trim()}} ${r.operator}`
        : `{${r.property.trim()}} ${r.operator} ${literal(r.value)}`,
    )
    .join(` ${join} `);
}

/**
 * Reads an expression back into rows when the builder could have written it (one kind of joiner, no brackets);
 * null otherwise, and the field stays an expression typed by hand.
 */
export function parseExpression(expression: string): { rows: ConditionRow[]; join: 'and' | 'or' } | null {
  const text = expression.trim();
  if (!text) return { rows: [], join: 'and' };
  if (/[()]/.test(text)) return null;
  const hasAnd = /\sand\s/i.test(text);
  const hasOr = /\sor\s/i.test(text);
  if (hasAnd && hasOr) return null;
  const join = hasOr ? 'or' : 'and';
  const rows: ConditionRow[] = [];
  for (const part of text.split(new RegExp(`\\s${join}\\s`, 'i'))) {
    const m = ROW.exec(part.trim());
    if (!m) return null;
    const operator = m[2] as Operator;
    if (UNARY.includes(operator)) {
      if (m[3].trim()) return null;
      rows.push({ property: m[1], operator, value: '' });
      continue;
    }
    const value = unliteral(m[3]);
    if (value === null) return null;
    rows.push({ property: m[1], operator, value });
  }
  return { rows, join };
}

/**
 * The trigger's condition as a form control (value = the SurveyJS expression): rows of property / operator / value
 * over the event's properties, or the expression typed by hand for what rows cannot say (brackets, mixed and/or).
 */
export function ConditionBuilder(props: {
  value?: string | null;
  onChange?: (value: string) => void;
  /** The declared properties of the chosen event type (any other name can be typed). */
  properties: string[];
  'aria-invalid'?: boolean;
}) {
  const { t } = useTranslation('reach');
  const phone = usePhone();
  const expression = props.value ?? '';
  const [raw, setRaw] = useState(() => parseExpression(expression) === null);
  const [state, setState] = useState(() => parseExpression(expression) ?? { rows: [], join: 'and' as const });
  // A value set from outside (the dialog opening on another trigger) re-reads the rows.
  // biome-ignore lint/correctness/useExhaustiveDependencies: only the outside value matters here
  useEffect(() => {
    const parsed = parseExpression(expression);
    if (parsed && buildExpression(parsed.rows, parsed.join) !== buildExpression(state.rows, state.join))
      setState(parsed);
    if (!parsed) setRaw(true);
  }, [expression]);

  const update = (rows: ConditionRow[], join: 'and' | 'or') => {
    setState({ rows, join });
    props.onChange?.(buildExpression(rows, join));
  };
  const setRow = (i: number, patch: Partial<ConditionRow>) =>
    update(
      state.rows.map((r, j) => (j === i ? { ...r, ...patch } : r)),
      state.join,
    );
  const options = [...new Set([...props.properties, 'value'])].map((p) => ({ value: p }));

  return (
    <div data-testid="condition-builder">
      <Radio.Group
        size="small"
        value={raw ? 'raw' : 'rows'}
        onChange={(e) => {
          if (e.target.value === 'rows') {
            const parsed = parseExpression(expression);
            if (!parsed) return;
            setState(parsed);
          }
          setRaw(e.target.value === 'raw');
        }}
        style={{ marginBottom: 8 }}
      >
        <Radio.Button value="rows">{t('condition.builder')}</Radio.Button>
        <Radio.Button value="raw" data-testid="condition-raw">
          {t('condition.raw')}
        </Radio.Button>
      </Radio.Group>
      {raw ? (
        <>
          <Input.TextArea
            rows={2}
            value={expression}
            aria-label={t('condition.expression')}
            data-testid="condition-expression"
            placeholder="{categories} contains 'fresh' and {amount} > 100"
            onChange={(e) => props.onChange?.(e.target.value)}
          />
          {parseExpression(expression) === null && expression.trim() && (
            <Typography.Text type="secondary">{t('condition.rawOnly')}</Typography.Text>
          )}
        </>
      ) : (
        <Space direction="vertical" style={{ width: '100%' }}>
          {state.rows.length > 1 && (
            <Radio.Group size="small" value={state.join} onChange={(e) => update(state.rows, e.target.value)}>
              <Radio value="and">{t('condition.all')}</Radio>
              <Radio value="or">{t('condition.any')}</Radio>
            </Radio.Group>
          )}
          {state.rows.map((r, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: rows have no identity beyond their position
            <Space key={i} wrap={phone} data-testid="condition-row" style={{ width: '100%' }}>
              <AutoComplete
                options={options}
                value={r.property}
                onChange={(property) => setRow(i, { property })}
                placeholder={t('condition.property')}
                aria-label={t('condition.property')}
                style={{ width: phone ? 150 : 170 }}
                filterOption={(input, o) => String(o?.value).includes(input)}
              />
              <Select
                value={r.operator}
                onChange={(operator) => setRow(i, { operator })}
                aria-label={t('condition.operator')}
                style={{ width: 130 }}
                options={OPERATORS.map((o) => ({ value: o, label: t(`condition.ops.${o}`) }))}
              />
              {!UNARY.includes(r.operator) && (
                <Input
                  value={r.value}
                  onChange={(e) => setRow(i, { value: e.target.value })}
                  placeholder={t('condition.value')}
                  aria-label={t('condition.value')}
                  style={{ width: phone ? 150 : 170 }}
                />
              )}
              <Button
                size="small"
                icon={<DeleteOutlined />}
                aria-label={t('delete')}
                onClick={() =>
                  update(
                    state.rows.filter((_, j) => j !== i),
                    state.join,
                  )
                }
              />
            </Space>
          ))}
          <Button
            size="small"
            icon={<PlusOutlined />}
            onClick={() => update([...state.rows, { property: '', operator: 'contains', value: '' }], state.join)}
          >
            {t('condition.add')}
          </Button>
          {expression && (
            <Typography.Text code data-testid="condition-preview" style={{ wordBreak: 'break-all' }}>
              {expression}
            </Typography.Text>
          )}
        </Space>
      )}
    </div>
  );
}
