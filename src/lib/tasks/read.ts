// Shared by the tasks: an output read as floats by name, and the pen every overlay draws with.
import type { OutputTensors } from '../runtimes/types.js';
import type { Canvas } from './types.js';

/** The output `name` as float32 values (an int32 output is converted). */
export function floats(outputs: OutputTensors, name: string | undefined): Float32Array {
	const o = name === undefined ? undefined : outputs[name];
	if (!o) throw new Error(`the model gave no output "${name ?? ''}"`);
	return o.data instanceof Float32Array ? o.data : Float32Array.from(o.data);
}

/** Frame-pixel helpers for a result given as fractions of the region the model saw. */
export const regionPoint = ({ region }: Canvas) => ({
	x: (fx: number) => region.x + fx * region.width,
	y: (fy: number) => region.y + fy * region.height
});

/** Runs `draw` with the overlay's colour, a 2-pixel line and a 12-pixel font (canvas pixels). */
export function pen<T>(canvas: Canvas, draw: (line: number) => T): T {
	const { context, color, scale } = canvas;
	context.save();
	context.strokeStyle = context.fillStyle = color;
	const line = 2 / scale;
	context.lineWidth = line;
	context.font = `${12 / scale}px system-ui, sans-serif`;
	try {
		return draw(line);
	} finally {
		context.restore();
	}
}
