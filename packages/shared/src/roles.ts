import { z } from 'zod';

/** Roles, most powerful first. Every role is scoped to an org unit's subtree. */
export const ROLES = ['owner', 'admin', 'analyst', 'manager', 'agent', 'viewer'] as const;
export const ZRole = z.enum(ROLES);
export type TRole = z.infer<typeof ZRole>;

/** What each role may do; the server's policy.ts files and the console's menus both read this table. */
export const ABILITIES = {
  'tenant.write': ['owner', 'admin'],
  'org.read': ['owner', 'admin', 'analyst', 'manager', 'agent', 'viewer'],
  'org.write': ['owner', 'admin'],
  'teams.read': ['owner', 'admin', 'analyst', 'manager', 'agent', 'viewer'],
  'teams.write': ['owner', 'admin'],
  'users.read': ['owner', 'admin', 'manager'],
  'users.write': ['owner', 'admin'],
  'apiKeys.manage': ['owner', 'admin'],
  /** Public write keys of the browser SDK (Settings → SDK). */
  'sdkKeys.manage': ['owner', 'admin'],
  'webhooks.manage': ['owner', 'admin'],
  /** Scheduled exports to the data platform (their files hold every row of the schedule's unit subtree). */
  'exports.schedule': ['owner', 'admin'],
  /** Tenant security settings (which sites may frame the survey page). */
  'security.manage': ['owner', 'admin'],
  'audit.read': ['owner', 'admin'],
  'sso.manage': ['owner', 'admin'],
  'surveys.read': ['owner', 'admin', 'analyst', 'manager', 'viewer'],
  'surveys.write': ['owner', 'admin'],
  'responses.read': ['owner', 'admin', 'analyst', 'manager', 'viewer'],
  'responses.write': ['owner', 'admin'],
  'metrics.read': ['owner', 'admin', 'analyst', 'manager', 'viewer'],
  'metrics.write': ['owner', 'admin', 'analyst'],
  'dashboards.write': ['owner', 'admin', 'analyst', 'manager'],
  'journeys.write': ['owner', 'admin'],
  'events.read': ['owner', 'admin', 'analyst', 'manager', 'viewer'],
  'events.write': ['owner', 'admin'],
  'customers.read': ['owner', 'admin', 'analyst', 'manager', 'agent'],
  'customers.write': ['owner', 'admin'],
  'tickets.read': ['owner', 'admin', 'analyst', 'manager', 'agent', 'viewer'],
  'tickets.work': ['owner', 'admin', 'manager', 'agent'],
  'alerts.write': ['owner', 'admin'],
  /** Who reads an alert rule's email recipients and webhook URL (others get them redacted). */
  'alerts.targets.read': ['owner', 'admin'],
  'text.write': ['owner', 'admin', 'analyst'],
  'actions.write': ['owner', 'admin', 'manager'],
  /** Group robots (企业微信 / 钉钉 / 飞书) of units in the caller's subtree. */
  'robots.manage': ['owner', 'admin', 'manager'],
  /** Set and remove metric targets for units in the caller's subtree (reading them needs metrics.read). */
  'targets.write': ['owner', 'admin', 'analyst', 'manager'],
  /** Problems and their department tasks, within the caller's scope (tasks of the caller's teams too). */
  'problems.read': ['owner', 'admin', 'analyst', 'manager', 'agent', 'viewer'],
  /** Open a problem, decompose it into tasks, accept or return them (as its owner), close it. */
  'problems.write': ['owner', 'admin', 'analyst', 'manager'],
  /** Service QA: checklists and audits of units in the caller's subtree. */
  'inspections.read': ['owner', 'admin', 'analyst', 'manager', 'viewer'],
  /** Make self-inspections of units in scope, and check in, photograph, submit or cancel audits one may work. */
  'inspections.write': ['owner', 'admin', 'analyst', 'manager'],
  /**
   * Write checklists and assign mystery shops, sampling checks and rehearsals: owners and admins, and analysts or
   * managers at the tenant root (HQ quality staff; `inspections/policy.ts`).
   */
  'inspections.manage': ['owner', 'admin', 'analyst', 'manager'],
  /** Reach: channels, trigger rules and the contact policy (they send to customers in the tenant's name). */
  'reach.manage': ['owner', 'admin'],
  /** Invitations and their funnel, within the caller's unit subtree. */
  'invitations.read': ['owner', 'admin', 'analyst', 'manager', 'viewer'],
  /** Resend an invitation. */
  'invitations.write': ['owner', 'admin', 'manager'],
  /** Reports of a unit subtree (the printable page, the PDF) and the history of sent reports. */
  'reports.read': ['owner', 'admin', 'analyst', 'manager', 'viewer'],
  /** Weekly/monthly report schedules for the caller's subtree (they mail its figures to the recipients). */
  'reports.schedule': ['owner', 'admin', 'manager'],
  /** The product catalogue, scorecards and who holds which product (scorecard figures within the caller's subtree). */
  'products.read': ['owner', 'admin', 'analyst', 'manager', 'agent', 'viewer'],
  /** Create and edit products, move their stages, import holdings, set the review rules (catalogue managers). */
  'products.write': ['owner', 'admin', 'analyst'],
  /** Next-best-action rules: conditions, actions, holdouts and their order (decision 82). */
  'nba.manage': ['owner', 'admin', 'analyst'],
} as const satisfies Record<string, readonly TRole[]>;

export type TAbility = keyof typeof ABILITIES;

export function roleCan(role: TRole, ability: TAbility): boolean {
  return (ABILITIES[ability] as readonly TRole[]).includes(role);
}

/** Roles a given role may grant: nobody grants a role above their own; only owners grant owner. */
export function grantableRoles(role: TRole): TRole[] {
  if (role === 'owner') return [...ROLES];
  if (role === 'admin') return ROLES.filter((r) => r !== 'owner');
  return [];
}

/** Roles that administer the tenant: only a person (a console session) grants them or changes their holders. */
export const ADMIN_ROLES: readonly TRole[] = ['owner', 'admin'];

/**
 * API key scope: a key acts with its role's abilities on data, but never on access itself — it cannot grant or
 * change owner/admin users, set passwords, mint or revoke API keys, or change security settings. A leaked
 * integration key then cannot make itself a permanent administrator.
 */
export function grantableRolesFor(role: TRole, kind: 'user' | 'apiKey'): TRole[] {
  const roles = grantableRoles(role);
  return kind === 'apiKey' ? roles.filter((r) => !ADMIN_ROLES.includes(r)) : roles;
}
