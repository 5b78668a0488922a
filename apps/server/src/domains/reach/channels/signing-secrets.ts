/**
 * The secrets a webhook channel signs with at `now`: the current one, and the previous one while its overlap lasts
 * (`previousSecret` until `previousUntil`). Receivers verify against either (Standard Webhooks carries several
 * signatures in one header), so a receiver can switch to the new secret at its own pace.
 */
export function signingSecrets(secrets: Record<string, string>, now: Date): string[] {
  const list = secrets.signingSecret ? [secrets.signingSecret] : [];
  if (secrets.previousSecret && secrets.previousUntil && Date.parse(secrets.previousUntil) > now.getTime())
    list.push(secrets.previousSecret);
  return list;
}
