import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Secrets the local runtime makes for itself when none are configured, kept in the data folder. */
export interface LocalSecrets {
  linkSecret: string;
  webhookToken: string;
}

export function loadLocalSecrets(dataDir: string): LocalSecrets {
  const file = join(dataDir, 'secrets.json');
  if (existsSync(file)) {
    try {
      const stored = JSON.parse(readFileSync(file, 'utf8')) as Partial<LocalSecrets>;
      if (stored.linkSecret && stored.webhookToken) return stored as LocalSecrets;
    } catch {
      // unreadable: make new ones below (old links stop working, nothing else is lost)
    }
  }
  const secrets = {
    linkSecret: randomBytes(32).toString('base64url'),
    webhookToken: randomBytes(24).toString('base64url'),
  };
  writeFileSync(file, `${JSON.stringify(secrets, null, 2)}\n`, { mode: 0o600 });
  return secrets;
}
