// MoveNet output -> keypoints: (y, x, score) per body part, positions as fractions of the image.

export interface Keypoint {
	name: string;
	x: number;
	y: number;
	score: number;
}

export function decodePose(output: Float32Array, labels: readonly string[]): Keypoint[] {
	return labels.map((name, i) => ({
		name,
		y: output[i * 3]!,
		x: output[i * 3 + 1]!,
		score: output[i * 3 + 2]!
	}));
}
