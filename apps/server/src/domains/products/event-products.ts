const CODE = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,39}$/;
const MAX_CODES = 100;

/**
 * The product codes an order or return event names, in its properties:
 * - `productCode: "BEEF-NOODLE"` (one product) or `productCodes: ["BEEF-NOODLE", …]`;
 * - order lines `lines: [{ sku: "BEEF-NOODLE", qty: 1 }, …]` (`code` is read where `sku` is absent; a line may
 *   also be the code itself). The built-in `order.completed` declares `items` as the item count (the demo's orders
 *   carry it), so line items travel as `lines`; an `items` array (a tenant's own order type) is read the same way.
 * Strings that are not product codes are skipped; at most 100 distinct codes per event.
 */
export function productCodesOf(properties: unknown): string[] {
  if (!properties || typeof properties !== 'object') return [];
  const p = properties as Record<string, unknown>;
  const out = new Set<string>();
  const add = (v: unknown) => {
    if (typeof v === 'string' && CODE.test(v) && out.size < MAX_CODES) out.add(v);
  };
  add(p.productCode);
  if (Array.isArray(p.productCodes)) for (const c of p.productCodes.slice(0, MAX_CODES)) add(c);
  for (const list of [p.lines, p.items]) {
    if (!Array.isArray(list)) continue;
    for (const line of list.slice(0, 1000)) {
      if (typeof line === 'string') add(line);
      else if (line && typeof line === 'object') {
        const l = line as Record<string, unknown>;
        add(typeof l.sku === 'string' ? l.sku : l.code);
      }
    }
  }
  return [...out];
}
