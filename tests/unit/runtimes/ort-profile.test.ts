// Reading onnxruntime-web's profiler trace on WASM (lines as it printed them in Chromium, trimmed).
import { describe, expect, it } from 'vitest';
import { parseOrtTrace } from '../../../src/lib/runtimes/ort-profile.js';

const session = (name: string, ts: number, dur: number) =>
	`{"cat" : "Session","pid" :42,"tid" :1116088,"dur" :${dur},"ts" :${ts},"ph" : "X","name" :"${name}","args" : {}},`;
const node = (name: string, op: string, ts: number, dur: number) =>
	`{"cat" : "Node","pid" :42,"tid" :1116088,"dur" :${dur},"ts" :${ts},"ph" : "X","name" :"${name}_kernel_time","args" : {"provider" : "CPUExecutionProvider","op_name" : "${op}","node_index" : "25"}},`;

const TRACE = [
	'[',
	session('model_loading_array', 230, 17240),
	session('session_initialization', 45444, 141595),
	node('input_1/to_layout', 'Transpose', 198374, 2915),
	node('StatefulPartitionedCall/model_1/block1_conv1_act/Relu/conv', 'FusedConv', 201349, 3080),
	session('SequentialExecutor::Execute', 187120, 21284),
	session('model_run', 184450, 24284),
	node('input_1/to_layout', 'Transpose', 210000, 115),
	node('StatefulPartitionedCall/model_1/block1_conv1_act/Relu/conv', 'FusedConv', 210200, 1500),
	`{"cat" : "Node","pid" :42,"tid" :1,"dur" :3,"ts" :210100,"ph" : "X","name" :"input_1/to_layout_fence_before","args" : {"op_name" : "Transpose"}},`,
	session('SequentialExecutor::Execute', 209825, 9339),
	session('model_run', 209795, 9389) + ']'
];

describe("ORT's WASM profiler trace", () => {
	it('gives each node of the runs after the ones skipped, by op type, in milliseconds', () => {
		expect(parseOrtTrace(TRACE, 1)).toEqual({
			events: [
				{ op: 'Transpose', ms: 0.115 },
				{ op: 'FusedConv', ms: 1.5 }
			],
			runs: 1
		});
	});

	it('reads every run when none is skipped', () => {
		const { events, runs } = parseOrtTrace(TRACE, 0);
		expect(runs).toBe(2);
		expect(events.map((e) => e.op)).toEqual(['Transpose', 'FusedConv', 'Transpose', 'FusedConv']);
	});

	it('passes over lines that are not trace events', () => {
		expect(parseOrtTrace(['[', 'some other log line', '{not json', ']'], 0)).toEqual({
			events: [],
			runs: 0
		});
	});
});
