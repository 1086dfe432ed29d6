/** Reads an application/x-www-form-urlencoded body into a plain object (first value of each key). */
export function parseForm(body: string): Record<string, string> {
  const params: Record<string, string> = {};
  for (const [key, value] of new URLSearchParams(body)) if (!(key in params)) params[key] = value;
  return params;
}

export const isForm = (contentType: string | undefined) =>
  (contentType ?? '').toLowerCase().startsWith('application/x-www-form-urlencoded');
