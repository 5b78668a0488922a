import { PRODUCT_STAGES, type TProductStage } from '@loopcx/shared';
import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';

export const STAGE_COLOR: Record<TProductStage, string> = {
  concept: 'default',
  test: 'purple',
  launched: 'green',
  review: 'orange',
  retired: 'red',
};

/** A product's stage as a coloured tag. */
export function StageTag({ stage }: { stage: TProductStage }) {
  const { t } = useTranslation('products');
  return <Tag color={STAGE_COLOR[stage]}>{t(`stages.${stage}`)}</Tag>;
}

export { PRODUCT_STAGES };

/** A signed number with one decimal (`+3.5`, `−2.0`). */
export const signed = (v: number) => `${v > 0 ? '+' : v < 0 ? '−' : '±'}${Math.abs(v).toFixed(1)}`;
