// The model card format (models/*.card.json): what a built-in model takes, gives, and where it came from.

export type Task = 'pose' | 'detection' | 'face-detection' | 'segmentation' | 'classification';

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
	source: { package: string; version: string; license: string };
	upstream: { origin: string; license: string };
	/** Files of the TF.js model in the package's models/ folder, with their sha256. */
	files: Record<string, string>;
	input: TensorCard & {
		layout: 'NHWC';
		color: 'rgb' | 'gray';
		range: [number, number];
		/** value = pixel (0..255) * scale + offset */
		scale: number;
		offset: number;
		/** How an image of another shape is fitted: stretched, or scaled to fit and padded with black. */
		fit: 'stretch' | 'letterbox';
		/** Weights of R, G and B for a gray input. */
		gray?: [number, number, number];
		note: string;
	};
	outputs: TensorCard[];
	labels: string[];
}
