// Finds whether a reshape can run on a tensor held in another layout, and the layout of its result.
//
// A reshape merges and splits runs of dims. When every run of the input is still contiguous and in
// order in the layout the tensor is held in, the same reshape applies there and no Transpose is needed.

interface Block {
	inDims: number[];
	outDims: number[];
}

function blocks(inShape: readonly number[], outShape: readonly number[]): Block[] | undefined {
	const ins = inShape.map((_, i) => i).filter((i) => inShape[i] !== 1);
	const outs = outShape.map((_, i) => i).filter((i) => outShape[i] !== 1);
	const result: Block[] = [];
	let i = 0;
	let o = 0;
	while (i < ins.length && o < outs.length) {
		const block: Block = { inDims: [ins[i++]!], outDims: [outs[o++]!] };
		let inSize = inShape[block.inDims[0]!]!;
		let outSize = outShape[block.outDims[0]!]!;
		while (inSize !== outSize) {
			if (inSize < outSize) {
				if (i >= ins.length) return undefined;
				block.inDims.push(ins[i]!);
				inSize *= inShape[ins[i++]!]!;
			} else {
				if (o >= outs.length) return undefined;
				block.outDims.push(outs[o]!);
				outSize *= outShape[outs[o++]!]!;
			}
		}
		result.push(block);
	}
	return i === ins.length && o === outs.length ? result : undefined;
}

/**
 * The layout of the reshape's output when its input is held in `perm`, or undefined when the
 * reshape needs the input in its own (identity) layout first.
 */
export function reshapeLayout(
	inShape: readonly number[],
	outShape: readonly number[],
	perm: readonly number[]
): number[] | undefined {
	const parts = blocks(inShape, outShape);
	if (!parts) return undefined;
	const held = perm.filter((p) => inShape[p] !== 1);
	const blockOf = new Map<number, Block>();
	for (const b of parts) for (const d of b.inDims) blockOf.set(d, b);
	const order: Block[] = [];
	for (let k = 0; k < held.length;) {
		const b = blockOf.get(held[k]!)!;
		const run = held.slice(k, k + b.inDims.length);
		if (run.some((d, j) => d !== b.inDims[j])) return undefined;
		order.push(b);
		k += b.inDims.length;
	}
	const layout = order.flatMap((b) => b.outDims);
	// Size-1 output dims go right after the output dim that precedes them in TF order.
	outShape.forEach((size, d) => {
		if (size !== 1) return;
		const before = d - 1;
		const at = before < 0 ? 0 : layout.indexOf(before) + 1;
		layout.splice(at, 0, d);
	});
	return layout;
}
