// `npm run serve`: serves the built app (build/) cross-origin isolated, as static hosting should.
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { serveStatic } from './lib/static-server.js';

const { values } = parseArgs({ options: { port: { type: 'string', default: '4173' } } });
const root = resolve(import.meta.dirname, '..');
await serveStatic({ '/': join(root, 'build') }, Number(values.port));
process.stdout.write(`serving build/ on http://127.0.0.1:${values.port}/\n`);
