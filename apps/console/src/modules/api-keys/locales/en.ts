import type { Shape } from '../../../lib/locale.ts';
import type { zhCN } from './zh-CN.ts';

/** English strings of the api-keys module: the type checker refuses a key missing here or absent from zh-CN. */
export const en: Shape<typeof zhCN> = {
  nav: 'API keys',
  title: 'API keys',
  new: 'New key',
  help: 'For systems such as POS, CRM or data platforms. A key is shown once when created; the server keeps only its hash.',
  name: 'Name',
  prefix: 'Prefix',
  role: 'Role',
  unit: 'Scope',
  unitHelp: 'Blank = your own scope',
  lastUsed: 'Last used',
  revoked: 'Revoked',
  revoke: 'Revoke',
  revokeConfirm: 'Revoke “{{name}}”? Systems using it lose access at once.',
  createdTitle: 'Key created',
  shownOnce: 'Copy it now: it cannot be shown again.',
  usage: 'Send Authorization: Bearer <key>. API docs: /api/docs',
};
