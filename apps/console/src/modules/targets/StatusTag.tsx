import type { TTargetStatus } from '@loopcx/shared';
import { Tag, Tooltip } from 'antd';
import { useTranslation } from 'react-i18next';

const COLOUR: Record<TTargetStatus, string> = { met: 'green', at_risk: 'red', uncertain: 'gold', no_data: 'default' };

/** A target's status as a coloured tag with the rule in its tooltip (used by the targets page, tiles, rankings, map). */
export function TargetStatusTag({ status }: { status: TTargetStatus | null | undefined }) {
  const { t } = useTranslation('targets');
  if (!status) return null;
  return (
    <Tooltip title={t(`statusHelp.${status}`)}>
      <Tag color={COLOUR[status]} style={{ marginInlineEnd: 0 }} data-testid={`status-${status}`}>
        {t(`status.${status}`)}
      </Tag>
    </Tooltip>
  );
}
