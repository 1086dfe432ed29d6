/** Masks a phone number for logs: +15555550101 -> +1******0101. */
export function maskPhone(phone: string): string {
  if (phone.length <= 6) return '*'.repeat(phone.length);
  return `${phone.slice(0, 2)}${'*'.repeat(phone.length - 6)}${phone.slice(-4)}`;
}

/** Masks an email address for logs: sam@example.com -> s**@e******.com. */
export function maskEmail(email: string): string {
  const at = email.lastIndexOf('@');
  if (at < 1) return '***';
  const local = email.slice(0, at);
  const domain = email.slice(at + 1);
  const dot = domain.lastIndexOf('.');
  const host = dot > 0 ? domain.slice(0, dot) : domain;
  const tld = dot > 0 ? domain.slice(dot) : '';
  return `${local[0]}${'*'.repeat(Math.max(local.length - 1, 2))}@${host[0] ?? ''}${'*'.repeat(Math.max(host.length - 1, 2))}${tld}`;
}

/** Masks whichever kind of address it is given. */
export function maskAddress(address: string): string {
  return address.includes('@') ? maskEmail(address) : maskPhone(address);
}
