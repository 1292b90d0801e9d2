// Class probabilities -> the top-k labels.

export interface Ranked {
	classIndex: number;
	label: string;
	score: number;
}

export function topK(scores: Float32Array, labels: readonly string[], k: number): Ranked[] {
	return [...scores]
		.map((score, classIndex) => ({
			classIndex,
			label: labels[classIndex] ?? `class ${classIndex}`,
			score
		}))
		.sort((a, b) => b.score - a.score || a.classIndex - b.classIndex)
		.slice(0, k);
}
