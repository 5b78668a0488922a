import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { AppError } from './errors.ts';

/** Shortest password accepted for a console login. */
export const MIN_PASSWORD_LENGTH = 10;

let common: Set<string> | undefined;

/** The shipped list of common/breached passwords (platform/password-list/README.md), loaded on first use. */
function commonPasswords(): Set<string> {
  if (!common) {
    const file = new URL('./password-list/common-passwords.txt.gz', import.meta.url);
    common = new Set(gunzipSync(readFileSync(file)).toString('utf8').split('\n').filter(Boolean));
  }
  return common;
}

const REASONS = {
  short: {
    'zh-CN': `密码至少需要 ${MIN_PASSWORD_LENGTH} 个字符`,
    en: `must be at least ${MIN_PASSWORD_LENGTH} characters`,
  },
  common: {
    'zh-CN': '这是常见或已泄露的密码，容易被猜中，请换一个',
    en: 'is a common or breached password that attackers try first; choose another',
  },
  email: {
    'zh-CN': '密码不能包含邮箱地址',
    en: 'must not contain the email address',
  },
} as const;

/**
 * Why a password is refused, or null when it is acceptable: too short, on the common/breached list (compared
 * lower-cased and NFKC-normalised, also with trailing digits and punctuation removed, so `Password2024!` is
 * caught), or containing the account's email name.
 */
export function passwordWeakness(password: string, email?: string): keyof typeof REASONS | null {
  if ([...password].length < MIN_PASSWORD_LENGTH) return 'short';
  const norm = password.normalize('NFKC').toLowerCase();
  const list = commonPasswords();
  const stem = norm.replace(/[\d\W_]+$/u, '');
  if (list.has(norm) || (stem.length >= 6 && list.has(stem))) return 'common';
  const name = email?.split('@')[0]?.toLowerCase();
  if (name && name.length >= 4 && norm.includes(name)) return 'email';
  return null;
}

/** Throws a 422 naming `field` with the reason in the caller's language when the password is refused. */
export function assertPasswordPolicy(password: string, opts: { field?: string; email?: string; locale?: string }) {
  const weakness = passwordWeakness(password, opts.email);
  if (!weakness) return;
  const lang = opts.locale?.startsWith('zh') ? 'zh-CN' : 'en';
  const reason = REASONS[weakness][lang];
  const field = opts.field ?? 'password';
  throw new AppError('invalid', `${field}: ${REASONS[weakness].en}`, {
    invalidParams: [{ name: field, reason }],
    extra: { passwordRule: weakness },
  });
}
