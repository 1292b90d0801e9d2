// Renders a conversion report as a few readable lines for the terminal.
import type { ConversionReport } from '../../src/lib/convert/convert.js';
import type { ReportCore } from '../../src/lib/convert/report.js';
import type { TfjsConversionReport } from '../../src/lib/convert/to-tfjs/convert.js';

const ops = (counts: Record<string, number>) =>
	Object.entries(counts)
		.sort((a, b) => b[1] - a[1])
		.map(([op, n]) => `${op} ${n}`)
		.join(', ');

const kib = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`;

/** The lines both directions print: inputs, outputs, nodes, Transposes added, weights, ops. */
function coreLines(r: ReportCore, from: string, to: string): string[] {
	const io = (list: ReportCore['inputs']) =>
		list.map((v) => `${v.name} ${v.dtype}[${v.shape.join(',')}]`).join(', ');
	return [
		`inputs:  ${io(r.inputs)}`,
		`outputs: ${io(r.outputs)}`,
		`nodes:   ${r.nodesIn} ${from} -> ${r.nodesOut} ${to}; Transposes added: ${r.transposesAdded.edge} at edges, ${r.transposesAdded.inside} inside`,
		`weights: ${kib(r.weightBytes)} read, ${kib(r.initializerBytes)} written`,
		`ops in:  ${ops(r.opsIn)}`,
		`ops out: ${ops(r.opsOut)}`
	];
}

const tail = (r: ReportCore): string[] => [
	...r.rewrites.map((x) => `rewrote: ${x.op} x${x.nodes}: ${x.how}`),
	...r.warnings.map((w) => `warning: ${w}`)
];

export function formatTfjsReport(r: TfjsConversionReport, output: string): string {
	return [
		`wrote ${output}/model.json and ${r.shards} shard${r.shards === 1 ? '' : 's'} (${kib(r.initializerBytes)}): from ONNX opset ${r.opset}, IR ${r.irVersion}, ${r.conversionMs.toFixed(0)} ms`,
		...coreLines(r, 'ONNX', 'TF'),
		...tail(r)
	].join('\n');
}

export function formatReport(r: ConversionReport, output: string, bytes: number): string {
	const lines = [
		`wrote ${output} (${kib(bytes)}): opset ${r.opset}, IR ${r.irVersion}, ${r.conversionMs.toFixed(0)} ms`,
		...coreLines(r, 'TF', 'ONNX')
	];
	const webgl = Object.keys(r.backends.webgl.missing);
	const webgpu = Object.keys(r.backends.webgpu.missing);
	lines.push(`webgl:   ${webgl.length ? `lacks ${webgl.join(', ')}` : 'all ops supported'}`);
	lines.push(
		`webgpu:  ${webgpu.length ? `runs ${webgpu.join(', ')} on the CPU` : 'all ops on the GPU'}`
	);
	return [...lines, ...tail(r)].join('\n');
}
