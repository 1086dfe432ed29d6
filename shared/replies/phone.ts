/**
 * Normalises a phone number as a carrier or a person might write it into E.164:
 * "+1 (555) 555-0101", "(555) 555-0101" (10 digits: the default country code),
 * "0044 7700 900123" (00 international prefix). Returns null when it cannot be a number.
 */
export function normalizePhone(raw: string, defaultCountryCode = '1'): string | null {
  if (typeof raw !== 'string' || raw.length > 40) return null;
  const trimmed = raw.trim();
  if (!/^[+\d\s().\-/]+$/.test(trimmed)) return null;
  const digits = trimmed.replace(/\D/g, '');
  let e164: string;
  if (trimmed.startsWith('+')) e164 = `+${digits}`;
  else if (digits.startsWith('00')) e164 = `+${digits.slice(2)}`;
  else if (digits.startsWith('011') && digits.length > 11) e164 = `+${digits.slice(3)}`;
  else if (defaultCountryCode === '1' && digits.length === 11 && digits.startsWith('1')) e164 = `+${digits}`;
  else if (digits.length === 10 && defaultCountryCode === '1') e164 = `+1${digits}`;
  else return null;
  return /^\+[1-9]\d{6,14}$/.test(e164) ? e164 : null;
}
