import { FieldTimeOutlined, MailOutlined, SendOutlined, ThunderboltOutlined } from '@ant-design/icons';
import type { ConsoleModule } from '../types.ts';
import { en } from './locales/en.ts';
import { zhCN } from './locales/zh-CN.ts';

/**
 * Reach: surveys sent at the moment of truth. Trigger rules (event → invitation), the invitations with their
 * lifecycle and response-rate funnel, the tenant's contact policy, and the channels that carry the invitations.
 */
export const consoleModule: ConsoleModule = {
  key: 'reach',
  order: 10,
  group: 'distribute',
  nav: [
    { path: '/reach/triggers', labelKey: 'reach:nav.triggers', icon: <ThunderboltOutlined />, ability: 'reach.manage' },
    {
      path: '/reach/invitations',
      labelKey: 'reach:nav.invitations',
      icon: <MailOutlined />,
      ability: 'invitations.read',
    },
    {
      path: '/reach/contact-policy',
      labelKey: 'reach:nav.policy',
      icon: <FieldTimeOutlined />,
      ability: 'reach.manage',
    },
    { path: '/reach/channels', labelKey: 'reach:nav.channels', icon: <SendOutlined />, ability: 'reach.manage' },
  ],
  routes: [
    { path: '/reach/triggers', page: () => import('./TriggersPage.tsx').then((m) => m.TriggersPage) },
    { path: '/reach/invitations', page: () => import('./InvitationsPage.tsx').then((m) => m.InvitationsPage) },
    { path: '/reach/contact-policy', page: () => import('./ContactPolicyPage.tsx').then((m) => m.ContactPolicyPage) },
    { path: '/reach/channels', page: () => import('./ChannelsPage.tsx').then((m) => m.ChannelsPage) },
  ],
  i18n: { 'zh-CN': zhCN, en },
};
