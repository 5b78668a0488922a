import { Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { useSegments, useTiers } from '../customers/api.ts';

/** Narrows survey metrics to the customers of one value tier (`tier:<name>`) or segment (`segment:<id>`). */
export function CustomerGroupFilter({
  value,
  onChange,
}: {
  value?: string;
  onChange: (v: string | undefined) => void;
}) {
  const { t } = useTranslation('dashboards');
  const tiers = useTiers();
  const segments = useSegments();
  return (
    <Select
      allowClear
      style={{ minWidth: 200 }}
      placeholder={t('allCustomers')}
      value={value}
      onChange={onChange}
      data-testid="customer-group-filter"
      options={[
        {
          label: t('byTier'),
          options: (tiers.data?.scheme?.tiers ?? []).map((x) => ({ value: `tier:${x.name}`, label: x.name })),
        },
        {
          label: t('bySegment'),
          options: (segments.data ?? []).map((s) => ({ value: `segment:${s.id}`, label: s.name })),
        },
      ]}
    />
  );
}
