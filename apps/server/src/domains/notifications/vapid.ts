import webpush from 'web-push';
import type { AppContext } from '../../platform/context.ts';
import { type Executor, one, sql } from '../../platform/db.ts';
import { seal, unseal } from '../../platform/seal.ts';

/** The VAPID key pair is the install's, not a tenant's: sealed under this fixed id as the bound "tenant". */
const INSTALL = '00000000-0000-0000-0000-000000000000';
const PURPOSE = 'vapid-private-key';

/** The install's VAPID key pair (base64url, as the web-push package and browsers take them). */
export interface VapidKeys {
  publicKey: string;
  privateKey: string;
}

/**
 * The install's VAPID keys, generated on first use. Multi-node safe: the row is unique (id = 1) and written with
 * ON CONFLICT DO NOTHING, then read back, so two nodes racing both end up with the first one's keys; never per
 * process. The private key is sealed (platform/seal.ts); changing LOOPCX_SECRET makes it unreadable, and then a new
 * pair replaces it (browsers' subscriptions made with the old public key stop working and are re-made by the console).
 */
export async function vapidKeys(ex: Executor, ctx: Pick<AppContext, 'config'>): Promise<VapidKeys> {
  const read = () =>
    one<{ public_key: string; private_key_sealed: string }>(
      ex,
      sql`SELECT public_key, private_key_sealed FROM vapid_keys WHERE id = 1`,
    );
  let row = await read();
  const opened = row && unseal(ctx.config.secret, PURPOSE, INSTALL, row.private_key_sealed);
  if (row && opened) return { publicKey: row.public_key, privateKey: opened };
  const fresh = webpush.generateVAPIDKeys();
  const sealed = seal(ctx.config.secret, PURPOSE, INSTALL, fresh.privateKey);
  if (row) {
    // Sealed under another secret: replace it (only a secret change gets here).
    await ex.execute(
      sql`UPDATE vapid_keys SET public_key = ${fresh.publicKey}, private_key_sealed = ${sealed}, created_at = now()
          WHERE id = 1 AND private_key_sealed = ${row.private_key_sealed}`,
    );
  } else {
    await ex.execute(
      sql`INSERT INTO vapid_keys (id, public_key, private_key_sealed) VALUES (1, ${fresh.publicKey}, ${sealed})
          ON CONFLICT (id) DO NOTHING`,
    );
  }
  row = await read();
  const privateKey = row && unseal(ctx.config.secret, PURPOSE, INSTALL, row.private_key_sealed);
  if (!row || !privateKey) throw new Error('VAPID keys could not be read back');
  return { publicKey: row.public_key, privateKey };
}

/** The VAPID `sub` claim: the install's public URL when it is https, else a mailto of the sender address. */
export function vapidSubject(ctx: Pick<AppContext, 'config'>): string {
  if (ctx.config.publicUrl.startsWith('https://')) return ctx.config.publicUrl;
  const address = /<([^>]+)>/.exec(ctx.config.mailFrom)?.[1] ?? ctx.config.mailFrom;
  return `mailto:${address.includes('@') ? address : 'no-reply@loopcx.invalid'}`;
}
