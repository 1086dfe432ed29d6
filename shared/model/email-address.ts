/**
 * When two email addresses count as the same, by purpose. Mail always goes to an address exactly
 * as it was given (nothing here is ever sent to); these forms are only compared or used as keys.
 *
 * - Same address (`comparableAddress`, `sameAddress`): case and surrounding spaces do not count
 *   (domains are case-insensitive, and no provider in use treats the local part otherwise). For
 *   what someone agreed to or asked for: the partners' agreement to a supporter, an opt-out, the
 *   address index, sign-in. A `+tag` does count: `lee+kept@` is another address than the one the
 *   partners were shown, so they are asked again.
 * - Same mailbox (`mailboxOf`): a `+tag` does not count either. For checks that a tag must not
 *   get around: a partner may not name their own address as supporter, even with a +tag.
 */

/** An address as compared and keyed: surrounding spaces dropped, case folded. */
export const comparableAddress = (email: string): string => email.trim().toLowerCase();

/** True when two addresses are the same address, apart from case and surrounding spaces. */
export const sameAddress = (a: string, b: string): boolean => comparableAddress(a) === comparableAddress(b);

/** The mailbox an address reaches at most providers: its comparable form without a `+tag` in the local part. */
export function mailboxOf(email: string): string {
  const address = comparableAddress(email);
  const at = address.lastIndexOf('@');
  if (at < 0) return address;
  return `${address.slice(0, at).replace(/\+.*$/, '')}${address.slice(at)}`;
}

/** True when an address carries a `+tag`: another spelling of its mailbox. */
export const hasTag = (email: string): boolean => mailboxOf(email) !== comparableAddress(email);
