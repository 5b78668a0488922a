import { Collapse, Descriptions, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { TPanelSubmission } from './api.ts';

/**
 * A diary submission's entries for the reviewer: one panel per day (the latest open), each answer under its
 * question's title. The answers are the responses the member wrote through the diary survey.
 */
export function DiaryEntries({ entries }: { entries: TPanelSubmission['entries'] }) {
  const { t } = useTranslation('panel');
  return (
    <>
      <Typography.Text strong>{t('r.entries', { n: entries.length })}</Typography.Text>
      <Collapse
        size="small"
        data-testid="diary-entries"
        defaultActiveKey={entries.length ? [entries[entries.length - 1].id] : []}
        items={entries.map((e) => ({
          key: e.id,
          label: t('r.entryDay', { day: e.day }),
          children: (
            <Descriptions column={1} size="small">
              {e.answers.map((a) => (
                <Descriptions.Item key={a.name} label={a.title}>
                  <span style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-word' }}>{a.value}</span>
                </Descriptions.Item>
              ))}
            </Descriptions>
          ),
        }))}
      />
    </>
  );
}
