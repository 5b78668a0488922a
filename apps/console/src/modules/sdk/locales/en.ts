import type { Shape } from '../../../lib/locale.ts';
import type { zhCN } from './zh-CN.ts';

/** English strings of the sdk module: the type checker refuses a key missing here or absent from zh-CN. */
export const en: Shape<typeof zhCN> = {
  nav: 'SDK',
  title: 'Web / app SDK',
  new: 'New public key',
  edit: 'Edit public key',
  none: 'No SDK keys yet',
  help: 'Embed the loopcx SDK in your web site, H5 pages or a mini-program web-view to record page views, failed payments and other behaviour. A public key sits in your page source by design: it can only write the event types you allow, from the origins you allow, rate limited per key, and you can revoke it any time.',
  name: 'Name',
  key: 'Public key',
  origins: 'Allowed origins',
  originsHelp:
    'The page’s origin (scheme, host and port), e.g. https://shop.example.com; no * and no path. Press Enter after each.',
  originInvalid: '“{{value}}” is not an origin: use https://host[:port] without a path',
  originsRequired: 'Add at least one origin',
  types: 'Allowed event types',
  typesHelp: 'Only these declared event types can be written with this key.',
  typesRequired: 'Choose at least one event type',
  unit: 'Events land on',
  unitHelp: 'Every event sent with this key is recorded on this org unit.',
  unitRequired: 'Choose an org unit',
  lastUsed: 'Last used',
  never: 'Never',
  status: 'Status',
  live: 'Active',
  revoked: 'Revoked',
  revoke: 'Revoke',
  revokeConfirm: 'Revoke “{{name}}”? Pages using it stop sending events at once.',
  revokedOk: 'Revoked',
  saved: 'Saved',
  copy: 'Copy',
  snippet: 'Install snippet',
  snippetHelp: 'Put this before </body> on your pages:',
  showSnippet: 'Snippet',
};
