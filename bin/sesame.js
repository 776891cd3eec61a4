#!/usr/bin/env node
// Sesame's sources are TypeScript; tsx compiles them on the fly so `npx sesame` works without a build step.
process.env.DOTENV_CONFIG_QUIET ??= 'true';
const { register } = await import('tsx/esm/api');
register();
const { main } = await import('../src/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
