import dayjs from 'dayjs';

/** A timestamp as the panel's tables show it, or — when there is none. */
export const when = (iso: string | null) => (iso ? dayjs(iso).format('YYYY-MM-DD HH:mm') : '—');
/** The tag colour of a member's or an assignment's status. */
export const STATUS_COLOR: Record<string, string> = {
  active: 'green',
  applied: 'gold',
  rejected: 'red',
  left: 'default',
  assigned: 'blue',
  submitted: 'gold',
  approved: 'green',
  overdue: 'volcano',
};
