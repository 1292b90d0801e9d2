// The data-driven op cases of a folder: one family per cases/<family>.json, each a list of cases.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export function caseFamilies<Case>(dir: string): { family: string; cases: Case[] }[] {
	return readdirSync(dir)
		.filter((f) => f.endsWith('.json'))
		.map((f) => ({
			family: f.replace('.json', ''),
			cases: (JSON.parse(readFileSync(join(dir, f), 'utf8')) as { cases: Case[] }).cases
		}));
}
