// The model card format (models/*.card.json): what a built-in model takes, gives, and where it came from.

export type Task =
	'pose' | 'detection' | 'face-detection' | 'segmentation' | 'classification' | 'text-detection';

type PerChannel = number | [number, number, number];

export interface TensorCard {
	name: string;
	shape: (number | string)[];
	dtype: 'float32' | 'int32';
	meaning?: string;
}

export interface ModelCard {
	id: string;
	name: string;
	task: Task;
	default: boolean;
	summary: string;
	/** The format the model was published in: the other twin is Twinfer's conversion (default TF.js). */
	original?: 'tfjs' | 'onnx';
	/** `folder`: where the files sit inside the package (default models/). */
	source: { package: string; version: string; license: string; folder?: string };
	/** `exporter`: the tool that wrote the original, when it was born in another framework. */
	upstream: { origin: string; license: string; exporter?: string };
	/** Files of the original model in the package, with their sha256. */
	files: Record<string, string>;
	input: TensorCard & {
		layout: 'NHWC' | 'NCHW';
		color: 'rgb' | 'bgr' | 'gray';
		range: [number, number];
		/** value = pixel (0..255) * scale + offset, per channel of the input when three are given */
		scale: PerChannel;
		offset: PerChannel;
		/** How an image of another shape is fitted: stretched, or scaled to fit and padded with black. */
		fit: 'stretch' | 'letterbox';
		/** Weights of R, G and B for a gray input. */
		gray?: [number, number, number];
		note: string;
	};
	outputs: TensorCard[];
	labels: string[];
}
