// The one way the dashboard talks to the JSON API (same origin, session cookie).

/** Calls the API; a refusal throws an Error carrying the API's message, the field and the status. */
export async function api(method, path, body) {
  const response = await fetch(path, {
    method,
    credentials: 'same-origin',
    // Every change is JSON, even an empty one: the server refuses any other type (cross-site forms).
    headers: method === 'GET' ? {} : { 'content-type': 'application/json' },
    body: method === 'GET' ? undefined : JSON.stringify(body ?? {}),
  });
  const data = await response.json().catch(() => ({}));
  if (!response.ok) {
    const error = new Error(
      data.error ? data.error.message + (data.error.path ? ` (${data.error.path})` : '') : `HTTP ${response.status}`,
    );
    error.status = response.status;
    throw error;
  }
  return data;
}

export const identityBody = (value) => (value.includes('@') ? { email: value } : { phone: value });
