#!/usr/bin/env node
// The `kept` command. Runs the TypeScript sources directly through tsx's loader.
import { register } from 'tsx/esm/api';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
register();
const { main } = await import('../cli.ts');
// Exit with the command's code even if a library left a timer or socket open: a command that
// is done (or failed) must never hang.
process.exit(await main(process.argv.slice(2)));
