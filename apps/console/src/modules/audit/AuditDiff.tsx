import { Table, Typography } from 'antd';
import { useTranslation } from 'react-i18next';

/** Leaf values of a JSON value by dotted path (`actions.0.url`), so two versions line up field by field. */
function flatten(value: unknown, prefix = '', out = new Map<string, unknown>()): Map<string, unknown> {
  if (value !== null && typeof value === 'object') {
    const entries = Array.isArray(value) ? value.map((v, i) => [String(i), v] as const) : Object.entries(value);
    if (entries.length === 0 && prefix) out.set(prefix, value);
    for (const [k, v] of entries) flatten(v, prefix ? `${prefix}.${k}` : k, out);
  } else if (prefix || value !== null) out.set(prefix || '·', value);
  return out;
}

const show = (v: unknown) => (v === undefined ? '' : typeof v === 'string' ? v : JSON.stringify(v));

/** Before and after of an entry, one row per field; changed fields are marked. */
export function AuditDiff({ before, after }: { before: unknown; after: unknown }) {
  const { t } = useTranslation('audit');
  const b = flatten(before);
  const a = flatten(after);
  const rows = [...new Set([...b.keys(), ...a.keys()])].map((field) => ({
    field,
    before: b.get(field),
    after: a.get(field),
    changed: show(b.get(field)) !== show(a.get(field)),
  }));
  if (rows.length === 0) return <Typography.Text type="secondary">{t('noChanges')}</Typography.Text>;
  const cell = (v: unknown, changed: boolean, tone: 'before' | 'after') =>
    v === undefined ? (
      <Typography.Text type="secondary">—</Typography.Text>
    ) : (
      <Typography.Text
        style={{ wordBreak: 'break-all' }}
        delete={changed && tone === 'before' && before != null && after != null}
        mark={changed && tone === 'after' && before != null}
      >
        {show(v)}
      </Typography.Text>
    );
  return (
    <Table
      size="small"
      rowKey="field"
      pagination={false}
      dataSource={rows}
      scroll={{ x: 480 }}
      data-testid="audit-diff"
      columns={[
        {
          title: t('field'),
          dataIndex: 'field',
          width: 160,
          render: (f: string) => <Typography.Text code>{f}</Typography.Text>,
        },
        { title: t('before'), render: (_: unknown, r) => cell(r.before, r.changed, 'before') },
        { title: t('after'), render: (_: unknown, r) => cell(r.after, r.changed, 'after') },
      ]}
    />
  );
}
