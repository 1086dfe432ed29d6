import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import sesLocal from 'aws-ses-v2-local';

export interface StoredEmail {
  messageId: string;
  from: string;
  destination: { to: string[] };
  subject: string;
  body: { text?: string; html?: string };
  headers?: Array<{ name: string; value: string }>;
  at: number;
}

/** aws-ses-v2-local on a free loopback port; mail is read back from its /store. */
export async function startSesLocal() {
  const exported = sesLocal as unknown as ((config: { host: string; port: number }) => Promise<Server>) & {
    default?: (config: { host: string; port: number }) => Promise<Server>;
  };
  const start = exported.default ?? exported;
  const server = await start({ host: '127.0.0.1', port: 0 });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    async emails(to?: string): Promise<StoredEmail[]> {
      const { emails } = (await (await fetch(`${url}/store`)).json()) as { emails: StoredEmail[] };
      return to ? emails.filter((e) => e.destination.to.includes(to)) : emails;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
