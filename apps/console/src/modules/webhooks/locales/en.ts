import type { Shape } from '../../../lib/locale.ts';
import type { zhCN } from './zh-CN.ts';

/** English strings of the webhooks module: the type checker refuses a key missing here or absent from zh-CN. */
export const en: Shape<typeof zhCN> = {
  nav: 'Webhooks',
  title: 'Webhook endpoints',
  new: 'New endpoint',
  help: 'Alert rules push alerts to these addresses. Each endpoint has its own signing secret (Standard Webhooks: webhook-id, webhook-timestamp and webhook-signature headers), so receivers verify with a stock library.',
  url: 'Receiver URL',
  urlHelp:
    'An http(s) URL. Internal, loopback and cloud-metadata addresses are refused unless the operator allows them in LOOPCX_OUTBOUND_ALLOW.',
  description: 'Description',
  unit: 'Scope',
  unitHelp: 'Blank = your own scope',
  rules: 'Rules using it',
  secretSince: 'Current secret since',
  overlapUntil: 'Previous secret valid until {{at}}',
  enabled: 'On',
  test: 'Send test',
  testOk: 'The receiver accepted it (HTTP {{status}}, {{ms}} ms)',
  testFailed: 'Not delivered: {{error}}',
  rotate: 'Rotate secret',
  rotateTitle: 'Rotate the signing secret of “{{url}}”',
  rotateHelp:
    'After a rotation the previous secret keeps signing beside the new one for the overlap, so the receiver can switch at its own pace.',
  overlapHours: 'Overlap (hours)',
  delete: 'Delete',
  deleteConfirm: 'Delete this endpoint?',
  secretTitle: 'Signing secret',
  shownOnce: 'Copy it now: it cannot be shown again.',
  verifyHint:
    'The receiver verifies the webhook-signature header with this secret (e.g. the standardwebhooks package for npm or Python, or svix’s libraries).',
  none: 'No endpoints yet. Create one, then pick it in an alert rule.',
};
