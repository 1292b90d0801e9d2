// The built-in models as the page sees them: their cards, and descriptors like any other model's,
// with the twins where `npm run models` put them.
import type { ModelCard, TensorCard } from './card.js';
import { cardRunSpec } from './card-run.js';
import type { ModelDescriptor } from './descriptor.js';

const cards = import.meta.glob<ModelCard>('../../../models/*.card.json', {
	eager: true,
	import: 'default'
});

export const MODEL_CARDS: ModelCard[] = Object.values(cards).sort(
	(a, b) => Number(b.default) - Number(a.default) || a.id.localeCompare(b.id)
);

export function findCard(id: string): ModelCard | undefined {
	return MODEL_CARDS.find((c) => c.id === id);
}

type Rewrites = { rewrites: { op: string; how: string; nodes: number }[] };

/**
 * The part of `npm run models`' manifest.json the app reads (models/materialize.ts writes it): the
 * twin a converter made carries its report, the original none.
 */
interface Manifest {
	tfjs: { bytes: number; report?: Rewrites };
	onnx: { file: string; bytes: number; report?: Rewrites };
	webgl: { file: string; report?: Rewrites } | { error: string };
	multiplyAdds?: number;
}

const modelDir = (card: ModelCard, base: string) => new URL(`models/${card.id}/`, base).href;

async function fetchManifest(card: ModelCard, base: string): Promise<Manifest> {
	const response = await fetch(`${modelDir(card, base)}manifest.json`);
	if (!response.ok) throw new Error(`${card.id}: no manifest.json (run npm run models)`);
	return (await response.json()) as Manifest;
}

/** A built-in model as a descriptor, its twins at absolute URLs (workers resolve relative ones against their own script). */
export async function builtInModel(card: ModelCard, base: string): Promise<ModelDescriptor> {
	const dir = modelDir(card, base);
	const manifest = await fetchManifest(card, base);
	const signature = (t: TensorCard) => ({ name: t.name, dtype: t.dtype, shape: t.shape });
	return {
		id: card.id,
		name: card.name,
		card,
		signature: { inputs: [signature(card.input)], outputs: card.outputs.map(signature) },
		run: cardRunSpec(card),
		multiplyAdds: manifest.multiplyAdds,
		source: {
			outputs: card.outputs.map((o) => o.name),
			tfjs: { url: `${dir}model.json` },
			onnx: { url: `${dir}${manifest.onnx.file}` },
			onnxWebgl:
				'file' in manifest.webgl
					? { url: `${dir}${manifest.webgl.file}` }
					: { unavailable: manifest.webgl.error }
		}
	};
}

/** What the model picker says about a model's conversion: sizes and the ops that needed care. */
export interface ModelFacts {
	tfjsBytes: number;
	onnxBytes: number;
	/** Rewrites beyond folding a bias or an activation into a Conv. */
	specialOps: { op: string; how: string; nodes: number }[];
	/** What the WebGL twin changed, or why there is none. */
	webgl: string;
	/** Why there is no WebGL twin, if there is none. */
	webglError?: string;
}

const routine = (how: string) => how.startsWith('Conv with its bias');

/** The rewrites a person should hear about: beyond folding a bias or an activation into a Conv. */
export const specialRewrites = <R extends { how: string }>(rewrites: R[]): R[] =>
	rewrites.filter((r) => !routine(r.how));

export async function modelFacts(card: ModelCard, base: string): Promise<ModelFacts> {
	const manifest = await fetchManifest(card, base);
	const twin = manifest.onnx.report ?? manifest.tfjs.report;
	const special = specialRewrites(twin?.rewrites ?? []);
	const known = new Set(special.map((r) => r.how));
	const webgl =
		'error' in manifest.webgl
			? `no WebGL twin: ${manifest.webgl.error}`
			: (manifest.webgl.report?.rewrites ?? [])
					.filter((r) => !routine(r.how) && !known.has(r.how))
					.map((r) => `${r.op} as ${r.how}`)
					.join('; ') || 'the same graph';
	return {
		tfjsBytes: manifest.tfjs.bytes,
		onnxBytes: manifest.onnx.bytes,
		specialOps: special,
		webgl,
		webglError: 'error' in manifest.webgl ? manifest.webgl.error : undefined
	};
}
