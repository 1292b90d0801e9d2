// Converts a TF.js model fetched from the server with the bundled converter; returns the ONNX bytes' sha256.
import { convertModel } from '/convert/convert.js';

export async function convertFromUrl(url) {
	const base = url.slice(0, url.lastIndexOf('/') + 1);
	const fetchBytes = async (path) => {
		const response = await fetch(base + path);
		if (!response.ok) throw new Error(`${path}: HTTP ${response.status}`);
		return new Uint8Array(await response.arrayBuffer());
	};
	const modelJson = await fetchBytes(url.slice(base.length));
	const { onnx, report } = await convertModel({
		modelJson,
		modelFile: 'model.json',
		readFile: fetchBytes
	});
	const hash = new Uint8Array(await crypto.subtle.digest('SHA-256', onnx));
	return {
		sha256: Array.from(hash, (b) => b.toString(16).padStart(2, '0')).join(''),
		bytes: onnx.byteLength,
		nodesOut: report.nodesOut,
		conversionMs: report.conversionMs
	};
}
