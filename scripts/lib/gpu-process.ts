// The GPU process of a Chromium this process started: its resident memory, which the page cannot
// see and which a long session on a software GPU exhausted (Chromium killed the process and every
// GPU cell lost its device), and its threads' priority. Through /proc, so on Linux only.
import { readdirSync, readFileSync } from 'node:fs';
import { getPriority, setPriority } from 'node:os';

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

/** The GPU process among this process's descendants; undefined where none is found or off Linux. */
function ourGpuProcess(): number | undefined {
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
	return [...ours].find(isGpuProcess);
}

/** Resident bytes of the GPU process among this process's descendants; undefined where none is found or off Linux. */
export function gpuProcessBytes(): number | undefined {
	const gpu = ourGpuProcess();
	if (gpu === undefined) return undefined;
	try {
		const kb = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${gpu}/status`, 'utf8'))?.[1];
		return kb === undefined ? undefined : Number(kb) * 1024;
	} catch {
		return undefined;
	}
}

/**
 * Puts every thread of our Chromium's GPU process at normal priority. Chromium raises the GPU
 * process's main thread (nice -8), which on a software GPU does the GPU's work: it then took the
 * cores from the page's thread (tasks of 5-25 ms of work took 50-1700 ms). With a GPU, that work is
 * not done by the CPU at all; at normal priority it shares the cores as any work does.
 */
function gpuProcessAtNormalPriority(): void {
	const gpu = ourGpuProcess();
	if (gpu === undefined) return;
	try {
		for (const thread of readdirSync(`/proc/${gpu}/task`).map(Number))
			if (getPriority(thread) < 0) setPriority(thread, 0);
	} catch {
		// the process, or one of its threads, ended meanwhile
	}
}

/**
 * Holds our Chromium's GPU process at normal priority until the returned function is called: checked
 * every second, since Chromium raises its main thread some time after starting it, and a GPU process
 * that crashed comes back raised.
 */
export function keepGpuProcessAtNormalPriority(): () => void {
	gpuProcessAtNormalPriority();
	const timer = setInterval(gpuProcessAtNormalPriority, 1000);
	return () => clearInterval(timer);
}
