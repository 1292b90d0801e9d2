// Reading onnxruntime-web's node placements from its verbose log (lines as Chromium printed them).
import { describe, expect, it } from 'vitest';
import { describeCpuNodes, parsePlacements } from '../../../src/lib/runtimes/ort-placement.js';

const at = (text: string) =>
	`2026-11-21 14:12:41.847940 [V:onnxruntime:, session_state.cc:1383 VerifyEachNodeIsAssignedToAnEp] ${text}`;

describe('ORT node placements', () => {
	it('names the nodes placed on the CPU beside the WebGPU ones', () => {
		const placements = parsePlacements([
			'2026-11-21 [I:onnxruntime:, inference_session.cc:2657 Initialize] Adding default CPU execution provider.',
			at('Node placements'),
			at(' Node(s) placed on [CPUExecutionProvider]. Number of nodes: 2'),
			at('  Cast (StatefulPartitionedCall/ArgMax)'),
			at('  Cast (StatefulPartitionedCall/ArgMax_1)'),
			at(' Node(s) placed on [JsExecutionProvider]. Number of nodes: 2'),
			at('  Mul (tower_0/MobilenetV3/Conv/hard_swish/mul)'),
			at('  TopK (tower_0/TopKV2/topk)')
		]);
		expect(placements?.CPUExecutionProvider).toEqual([
			{ op: 'Cast', name: 'StatefulPartitionedCall/ArgMax' },
			{ op: 'Cast', name: 'StatefulPartitionedCall/ArgMax_1' }
		]);
		expect(placements?.JsExecutionProvider?.map((n) => n.op)).toEqual(['Mul', 'TopK']);
		expect(describeCpuNodes(placements!)).toBe('2 nodes on the CPU (Cast ×2)');
	});

	it('says nothing is on the CPU when every node is on one provider', () => {
		const placements = parsePlacements([
			at('All nodes placed on [JsExecutionProvider]. Number of nodes: 194')
		]);
		expect(placements).toEqual({ JsExecutionProvider: [] });
		expect(describeCpuNodes(placements!)).toBe('');
	});

	it('counts each op once per node', () => {
		const placements = parsePlacements([
			at(' Node(s) placed on [CPUExecutionProvider]. Number of nodes: 3'),
			at('  TopK (a)'),
			at('  Cast (b)'),
			at('  Cast (c)')
		]);
		expect(describeCpuNodes(placements!)).toBe('3 nodes on the CPU (TopK, Cast ×2)');
	});

	it('returns undefined for a log without placements', () => {
		expect(parsePlacements(['some other line'])).toBeUndefined();
	});
});
