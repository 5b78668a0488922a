import { Input, Select, Space } from 'antd';
import { useTranslation } from 'react-i18next';

const OPS = ['=', '!=', '<=', '>=', '<', '>', 'contains', 'notcontains', 'empty', 'notempty'];

/** `visibleIf` as question / operator / value, with the expression itself editable beside it. */
export function ConditionEditor({
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
