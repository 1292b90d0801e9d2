// Classification: a score vector -> the top 3 labels, drawn as bars; the same when the top class is.
import { floats, pen } from './read.js';
import type { TaskDefinition } from './types.js';

export interface Ranked {
	classIndex: number;
	label: string;
	score: number;
}

export interface ClassificationResult {
	kind: 'classification';
	top: Ranked[];
}

export interface ClassAgreement {
	sameTop1: boolean;
	/** Share of a's top-k classes that are also in b's top-k. */
	topKOverlap: number;
}

/** A score to rank by: NaN ranks last. */
const rank = (score: number) => (Number.isNaN(score) ? -Infinity : score);

export function topK(scores: ArrayLike<number>, labels: readonly string[], k: number): Ranked[] {
	return Array.from(scores, (score, classIndex) => ({
		classIndex,
		label: labels[classIndex] ?? `class ${classIndex}`,
		score
	}))
		.sort((a, b) => rank(b.score) - rank(a.score) || a.classIndex - b.classIndex)
		.slice(0, k);
}

export function classAgreement(a: Ranked[], b: Ranked[]): ClassAgreement {
	const inB = new Set(b.map((r) => r.classIndex));
	return {
		sameTop1: a[0]?.classIndex === b[0]?.classIndex,
		topKOverlap: a.length ? a.filter((r) => inB.has(r.classIndex)).length / a.length : 1
	};
}

/** A probability as a percentage; a logit or any other score as it is. */
const score = (v: number) => (v >= 0 && v <= 1 ? `${(v * 100).toFixed(0)}%` : v.toPrecision(3));

export const classification: TaskDefinition<ClassificationResult, ClassAgreement> = {
	id: 'classification',
	name: 'classification',
	expects: 'one output with a score per class (a labels file names the classes, one per line)',
	choosable: true,
	sameWhen: 'the same top-1 class',
	decode: (outputs, config) => ({
		kind: 'classification',
		top: topK(floats(outputs, config.outputs[0]), config.labels, 3)
	}),
	compare: (a, b) => classAgreement(a.top, b.top),
	same: (t) => t.sameTop1,
	describe: (t) => (t.sameTop1 ? 'same top-1' : 'top-1 differs'),
	draw(canvas, { top }) {
		const { context, frame, scale } = canvas;
		return pen(canvas, (line) => {
			const barHeight = 16 / scale;
			const width = frame.width * 0.4;
			const marks = top.map((c, i) => {
				const y = frame.height - (top.length - i) * (barHeight + line) - line;
				context.globalAlpha = 0.85;
				context.fillRect(
					line,
					y,
					Math.max(line, width * Math.min(Math.max(c.score, 0), 1)),
					barHeight
				);
				context.globalAlpha = 1;
				context.fillStyle = '#fff';
				context.fillText(`${c.label} ${score(c.score)}`, 3 * line, y + barHeight * 0.75);
				context.fillStyle = canvas.color;
				return { x: 2 * line, y: y + line };
			});
			return { summary: top[0] ? `${top[0].label} first` : '', marks };
		});
	}
};
