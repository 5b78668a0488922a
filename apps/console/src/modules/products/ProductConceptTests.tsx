import { Card, List } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { useMe } from '../../lib/me.tsx';
import { useProductConceptTests } from '../concept-tests/api.ts';
import { DecisionTag } from '../concept-tests/present.tsx';

/**
 * The concept tests that name this product, with their gate status (the latest recorded decision): what the
 * launch decision rested on, one click from the product (decision 79). Hidden while the product has none.
 */
export function ProductConceptTests({ productId }: { productId: string }) {
  const { t } = useTranslation('products');
  const me = useMe();
  const tests = useProductConceptTests(me.can('surveys.read') ? productId : undefined);
  if (!tests.data?.length) return null;
  return (
    <Card size="small" title={t('conceptTests')} style={{ marginBottom: 12 }} data-testid="product-concept-tests">
      <List
        size="small"
        dataSource={tests.data}
        renderItem={(c) => (
          <List.Item>
            <Link to={`/concept-tests/${c.id}`}>{c.name}</Link>
            <DecisionTag decision={c.status} overridden={c.statusKind === 'override'} />
          </List.Item>
        )}
      />
    </Card>
  );
}
