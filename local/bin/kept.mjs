#!/usr/bin/env node
// The `kept` command. Runs the TypeScript sources directly through tsx's loader.
import { register } from 'tsx/esm/api';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
register();
const { main } = await import('../cli.ts');
process.exitCode = await main(process.argv.slice(2));
