// What a model's outputs mean for its task: one decoder per task, chosen by the model card.
import type { ModelCard } from './card.js';
import type { Detection } from './decode/boxes.js';
import { topK, type Ranked } from './decode/classes.js';
import { decodeDetections } from './decode/detection.js';
import { decodeFaces } from './decode/face.js';
import { decodePose, type Keypoint } from './decode/pose.js';

export type TaskResult =
	| { kind: 'pose'; keypoints: Keypoint[] }
	| { kind: 'detection'; detections: Detection[] }
	| { kind: 'segmentation'; mask: Float32Array; width: number; height: number }
	| { kind: 'classification'; top: Ranked[] };

/** Model outputs by name, as float arrays in TF (NHWC) order. */
export type Outputs = Record<string, Float32Array>;

function output(outputs: Outputs, name: string): Float32Array {
	const o = outputs[name];
	if (!o) throw new Error(`the model gave no output "${name}"`);
	return o;
}

export function decodeTask(card: ModelCard, outputs: Outputs): TaskResult {
	const size = Number(card.input.shape[1]);
	const [first] = card.outputs;
	switch (card.task) {
		case 'pose':
			return { kind: 'pose', keypoints: decodePose(output(outputs, first!.name), card.labels) };
		case 'detection':
			return {
				kind: 'detection',
				detections: decodeDetections(output(outputs, first!.name), size, card.labels)
			};
		case 'face-detection': {
			const [scores16, boxes16, scores8, boxes8] = card.outputs.map((o) =>
				output(outputs, o.name)
			) as Float32Array[];
			return {
				kind: 'detection',
				detections: decodeFaces(
					{ scores16: scores16!, boxes16: boxes16!, scores8: scores8!, boxes8: boxes8! },
					size
				)
			};
		}
		case 'segmentation':
			return {
				kind: 'segmentation',
				mask: output(outputs, first!.name),
				width: Number(first!.shape[2]),
				height: Number(first!.shape[1])
			};
		case 'classification':
			return { kind: 'classification', top: topK(output(outputs, first!.name), card.labels, 3) };
	}
}
