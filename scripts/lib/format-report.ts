// Renders a conversion report as a few readable lines for the terminal.
import type { ConversionReport } from '../../src/lib/convert/convert.js';

const ops = (counts: Record<string, number>) =>
	Object.entries(counts)
		.sort((a, b) => b[1] - a[1])
		.map(([op, n]) => `${op} ${n}`)
		.join(', ');

const kib = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`;

export function formatReport(r: ConversionReport, output: string, bytes: number): string {
	const io = (list: ConversionReport['inputs']) =>
		list.map((v) => `${v.name} ${v.dtype}[${v.shape.join(',')}]`).join(', ');
	const lines = [
		`wrote ${output} (${kib(bytes)}): opset ${r.opset}, IR ${r.irVersion}, ${r.conversionMs.toFixed(0)} ms`,
		`inputs:  ${io(r.inputs)}`,
		`outputs: ${io(r.outputs)}`,
		`nodes:   ${r.nodesIn} TF -> ${r.nodesOut} ONNX; Transposes added: ${r.transposesAdded.edge} at edges, ${r.transposesAdded.inside} inside`,
		`weights: ${kib(r.weightBytes)} read, ${kib(r.initializerBytes)} written`,
		`ops in:  ${ops(r.opsIn)}`,
		`ops out: ${ops(r.opsOut)}`
	];
	const webgl = Object.keys(r.backends.webgl.missing);
	const webgpu = Object.keys(r.backends.webgpu.missing);
	lines.push(`webgl:   ${webgl.length ? `lacks ${webgl.join(', ')}` : 'all ops supported'}`);
	lines.push(
		`webgpu:  ${webgpu.length ? `runs ${webgpu.join(', ')} on the CPU` : 'all ops on the GPU'}`
	);
	for (const x of r.rewrites) lines.push(`rewrote: ${x.op} x${x.nodes}: ${x.how}`);
	for (const w of r.warnings) lines.push(`warning: ${w}`);
	return lines.join('\n');
}
