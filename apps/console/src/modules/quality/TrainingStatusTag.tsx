import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';

const COLOR: Record<string, string> = { open: 'blue', overdue: 'red', passed: 'green', failed: 'orange' };

/** An assignment's status: open, overdue (open past due), passed, failed (out of attempts). */
export function TrainingStatusTag({ status }: { status: string }) {
  const { t } = useTranslation('quality');
  return (
    <Tag color={COLOR[status]} data-testid="training-status">
      {t(`training.status.${status}`)}
    </Tag>
  );
}
