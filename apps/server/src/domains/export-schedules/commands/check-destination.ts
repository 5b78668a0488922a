import type { Config } from '../../../platform/config.ts';
import { invalid } from '../../../platform/errors.ts';
import { addressBytes, inAllowedRange, isAllowedHost, parseAllowList } from '../../../platform/outbound-policy.ts';
import type { TExportDestinationInput } from '../schema.ts';

/**
 * What can be refused when a schedule is saved: a directory needs the operator's export root (LOOPCX_EXPORT_DIR),
 * and an upload goes over https — plain http only to a host the operator allow-listed (a receiver on the same
 * network, tests). Whether the address may be reached at all is decided when sending (platform/outbound.ts).
 */
export function checkDestination(config: Pick<Config, 'exportDir' | 'outboundAllow'>, d: TExportDestinationInput) {
  if (d.kind === 'directory') {
    if (!config.exportDir)
      throw invalid(
        'destination',
        'directory exports are switched off: the operator has not set LOOPCX_EXPORT_DIR (the folder they may write into)',
      );
    return;
  }
  const url = new URL(d.url);
  if (url.protocol === 'https:') return;
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const allow = parseAllowList(config.outboundAllow ?? []);
  const allowed = addressBytes(host) ? inAllowedRange(host, allow) : isAllowedHost(host, allow);
  if (!allowed)
    throw invalid('destination.url', 'must be an https URL (plain http only to hosts in LOOPCX_OUTBOUND_ALLOW)');
}
