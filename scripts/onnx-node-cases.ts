// Copies ONNX's own test cases for every op the reverse converter claims (from Debian's libonnx-testdata: the
// per-op node cases, and the models PyTorch's exporter wrote for its modules and operators) into
// tests/data/onnx-node/, so that the conformance test runs on a fresh clone without apt. Run by hand:
// `apt-get install libonnx-testdata && npx tsx scripts/onnx-node-cases.ts`.
import { execFileSync } from 'node:child_process';
import {
	cpSync,
	existsSync,
	mkdirSync,
	readdirSync,
	readFileSync,
	rmSync,
	statSync,
	writeFileSync
} from 'node:fs';
import { join, resolve } from 'node:path';
import { fromBinary } from '@bufbuild/protobuf';
import { ModelProtoSchema } from '../src/lib/convert/onnx/onnx_pb.js';
import { ONNX_HANDLERS } from '../src/lib/convert/to-tfjs/handlers/index.js';

const PACKAGE = 'libonnx-testdata';
const DATA = '/usr/share/libonnx-testdata/data';
/** The suites copied: ONNX's per-op cases at the top, PyTorch's exports in folders of their own. */
const SUITES = ['node', 'pytorch-converted', 'pytorch-operator'];
const SOURCE = join(DATA, 'node');
const LICENCE = '/usr/share/common-licenses/Apache-2.0';
const OUT = resolve(import.meta.dirname, '..', 'tests', 'data', 'onnx-node');
/** A case whose model and first data set together pass this is left out, to keep the copy small. */
const MAX_CASE_BYTES = 256 * 1024;
const DATA_SET = 'test_data_set_0';

interface CaseList {
	source: string;
	cases: { case: string; op: string }[];
	skipped: { case: string; op: string; reason: string }[];
}

/** The ops a case's graph runs, Constant left out unless it is the only one. */
function opsOf(dir: string): string[] {
	const model = fromBinary(ModelProtoSchema, readFileSync(join(dir, 'model.onnx')));
	const ops = [
		...new Set(model.graph?.node.map((n) => (n.domain ? `${n.domain}.${n.opType}` : n.opType)))
	];
	const tested = ops.filter((op) => op !== 'Constant');
	return tested.length ? tested : ops;
}

/** The op a case tests: its graph's one op, or for a function's expansion the function, e.g. "Celu (expanded)". */
function testedOp(name: string, ops: string[]): string {
	const unexpanded = join(SOURCE, name.replace(/_expanded$/, ''));
	if (ops.length === 1 || !name.endsWith('_expanded') || !existsSync(unexpanded))
		return ops.join('+');
	return `${opsOf(unexpanded).join('+')} (expanded)`;
}

const bytesOf = (dir: string): number =>
	statSync(join(dir, 'model.onnx')).size +
	readdirSync(join(dir, DATA_SET)).reduce((n, f) => n + statSync(join(dir, DATA_SET, f)).size, 0);

function main(): void {
	const version = execFileSync('dpkg-query', ['-W', '-f=${Version}', PACKAGE], {
		encoding: 'utf8'
	});
	const list: CaseList = { source: `Debian ${PACKAGE} ${version}`, cases: [], skipped: [] };
	mkdirSync(OUT, { recursive: true });
	for (const name of readdirSync(OUT))
		if (name.startsWith('test_') || SUITES.includes(name))
			rmSync(join(OUT, name), { recursive: true });
	for (const suite of SUITES) {
		for (const name of readdirSync(join(DATA, suite)).sort()) {
			const dir = join(DATA, suite, name);
			const ops = opsOf(dir);
			if (!ops.every((op) => ONNX_HANDLERS[op])) continue;
			const op = suite === 'node' ? testedOp(name, ops) : `PyTorch export (${suite})`;
			const path = suite === 'node' ? name : `${suite}/${name}`;
			const bytes = bytesOf(dir);
			if (bytes > MAX_CASE_BYTES) {
				const reason = `${(bytes / 1024).toFixed(0)} KB, over the ${MAX_CASE_BYTES / 1024} KB kept per case`;
				list.skipped.push({ case: path, op, reason });
				continue;
			}
			mkdirSync(join(OUT, path), { recursive: true });
			cpSync(join(dir, 'model.onnx'), join(OUT, path, 'model.onnx'));
			cpSync(join(dir, DATA_SET), join(OUT, path, DATA_SET), { recursive: true });
			list.cases.push({ case: path, op });
		}
	}
	cpSync(LICENCE, join(OUT, 'LICENSE'));
	writeFileSync(join(OUT, 'cases.json'), `${JSON.stringify(list, null, '\t')}\n`);
	process.stdout.write(
		`${list.cases.length} cases copied to ${OUT}, ${list.skipped.length} skipped (${list.source})\n`
	);
}

main();
