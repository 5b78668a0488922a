import { WEBHOOK_DECLARED_ONLY, WEBHOOK_EVENT_TYPES } from '@loopcx/shared';
import { Checkbox, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';

/** The event types grouped as people think of them (the order of WEBHOOK_EVENT_TYPES inside each group). */
const GROUPS = ['response', 'ticket', 'alert', 'metric', 'feedback', 'invitation'] as const;

/** The i18n key of an event type's label (`ev.response_created`: i18next reads dots as nesting). */
export const eventKey = (type: string) => `ev.${type.replace('.', '_')}`;

/** Checkbox groups of event types; `invitation.*` are marked as not sent yet. A controlled antd form field. */
export function EventPicker({ value, onChange }: { value?: string[]; onChange?: (v: string[]) => void }) {
  const { t } = useTranslation('webhooks');
  const selected = new Set(value ?? []);
  const toggle = (type: string, on: boolean) => {
    const next = new Set(selected);
    if (on) next.add(type);
    else next.delete(type);
    onChange?.(WEBHOOK_EVENT_TYPES.filter((e) => next.has(e)));
  };
  return (
    <Space direction="vertical" size={4} style={{ width: '100%' }} data-testid="event-picker">
      {GROUPS.map((g) => (
        <div key={g}>
          <Typography.Text type="secondary">{t(`group.${g}`)}</Typography.Text>
          <div>
            {WEBHOOK_EVENT_TYPES.filter((e) => e.startsWith(`${g}.`)).map((e) => (
              <Checkbox key={e} checked={selected.has(e)} onChange={(ev) => toggle(e, ev.target.checked)}>
                <span title={e}>
                  {t(eventKey(e))}
                  {WEBHOOK_DECLARED_ONLY.includes(e) && (
                    <Typography.Text type="secondary"> ({t('notYet')})</Typography.Text>
                  )}
                </span>
              </Checkbox>
            ))}
          </div>
        </div>
      ))}
    </Space>
  );
}
