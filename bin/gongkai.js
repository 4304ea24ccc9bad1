#!/usr/bin/env node
// Runs the TypeScript sources directly through tsx's loader: no build step between
// `git clone` and `npx gongkai`, and one source of truth for the code that runs.
import { register } from 'tsx/esm/api';

register();
await import('../src/cli.ts');
