// The built-in models as the page sees them: their cards, and where `npm run models` put their twins.
import type { ModelSource } from '../runtimes/types.js';
import type { ModelCard } from './card.js';

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

interface Manifest {
	onnx: { file: string; report: { backends: { webgpu: { missing: Record<string, number> } } } };
	webgl: { file: string } | { error: string };
}

/** Absolute URLs of a model's twins (workers resolve URLs against their own script, so relative ones fail there). */
export async function modelSource(card: ModelCard, base: string): Promise<ModelSource> {
	const dir = new URL(`models/${card.id}/`, base).href;
	const response = await fetch(`${dir}manifest.json`);
	if (!response.ok) throw new Error(`${card.id}: no manifest.json (run npm run models)`);
	const manifest = (await response.json()) as Manifest;
	return {
		input: card.input.name,
		outputs: card.outputs.map((o) => o.name),
		tfjs: `${dir}model.json`,
		onnx: `${dir}${manifest.onnx.file}`,
		onnxWebgl:
			'file' in manifest.webgl
				? { url: `${dir}${manifest.webgl.file}` }
				: { unsupported: manifest.webgl.error }
	};
}
