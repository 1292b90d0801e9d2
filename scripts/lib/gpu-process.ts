// The resident memory of the GPU process of a Chromium this process started: the page cannot see
// it, and it is what a long session on a software GPU exhausted (Chromium killed the process and
// every GPU cell lost its device). Read from /proc, so on Linux only.
import { readdirSync, readFileSync } from 'node:fs';

interface ProcessEntry {
	pid: number;
	parent: number;
}

function processes(): ProcessEntry[] {
	return readdirSync('/proc')
		.filter((name) => /^\d+$/.test(name))
		.flatMap((name) => {
			try {
				// pid (comm) state ppid ...: the name may hold spaces and parentheses, so read after the last ')'.
				const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
				const parent = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
				return [{ pid: Number(name), parent }];
			} catch {
				return []; // ended while being listed
			}
		});
}

function isGpuProcess(pid: number): boolean {
	try {
		// A process the zygote forked rewrites its command line as one string, its arguments spaced.
		return /(^|[\0 ])--type=gpu-process([\0 ]|$)/.test(
			readFileSync(`/proc/${pid}/cmdline`, 'utf8')
		);
	} catch {
		return false;
	}
}

/** Resident bytes of the GPU process among this process's descendants; undefined where none is found or off Linux. */
export function gpuProcessBytes(): number | undefined {
	if (process.platform !== 'linux') return undefined;
	const all = processes();
	const ours = new Set([process.pid]);
	// Parents come before children in /proc's order only by chance: repeat until nothing is added.
	for (let added = true; added;) {
		added = false;
		for (const p of all)
			if (ours.has(p.parent) && !ours.has(p.pid)) {
				ours.add(p.pid);
				added = true;
			}
	}
	const gpu = [...ours].find(isGpuProcess);
	if (gpu === undefined) return undefined;
	try {
		const kb = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${gpu}/status`, 'utf8'))?.[1];
		return kb === undefined ? undefined : Number(kb) * 1024;
	} catch {
		return undefined;
	}
}
