// How a cell is named to a person: "ONNX Runtime · WebGPU", and the colour that marks it everywhere.
import type { Backend, Framework } from '$lib/runtimes/types';

const FRAMEWORK: Record<Framework, string> = { ort: 'ONNX Runtime', tfjs: 'TF.js' };
const BACKEND: Record<Backend, string> = {
	webgpu: 'WebGPU',
	webgl: 'WebGL',
	wasm: 'WASM',
	cpu: 'CPU'
};

export const cellName = (framework: Framework, backend: Backend) =>
	`${FRAMEWORK[framework]} · ${BACKEND[backend]}`;

/** One colour per cell, readable on light and dark backgrounds. */
export const CELL_COLORS: Record<string, string> = {
	'ort-wasm': '#e8590c',
	'ort-webgpu': '#d6336c',
	'ort-webgl': '#ae3ec9',
	'tfjs-wasm': '#1c7ed6',
	'tfjs-webgpu': '#0ca678',
	'tfjs-webgl': '#74b816'
};
