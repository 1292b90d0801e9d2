// The one registry of the reverse converter's op handlers: ONNX op type -> converter, from each op family's module.
import type { OpConverter } from './context.js';
import { activationHandlers } from './activation.js';
import { convHandlers } from './conv.js';
import { creationHandlers } from './creation.js';
import { depthSpaceHandlers } from './depth-space.js';
import { einsumHandlers } from './einsum.js';
import { elementwiseHandlers } from './elementwise.js';
import { gatherHandlers } from './gather.js';
import { matmulHandlers } from './matmul.js';
import { momentsHandlers } from './moments.js';
import { normalizationHandlers } from './normalization.js';
import { padHandlers } from './pad.js';
import { poolHandlers } from './pool.js';
import { reduceHandlers } from './reduce.js';
import { resizeHandlers } from './resize.js';
import { shapeHandlers } from './shape.js';
import { sliceHandlers } from './slice.js';
import { topkHandlers } from './topk.js';

export const ONNX_HANDLERS: Readonly<Record<string, OpConverter>> = {
	...elementwiseHandlers,
	...activationHandlers,
	...convHandlers,
	...poolHandlers,
	...normalizationHandlers,
	...resizeHandlers,
	...shapeHandlers,
	...reduceHandlers,
	...matmulHandlers,
	...sliceHandlers,
	...padHandlers,
	...gatherHandlers,
	...creationHandlers,
	...topkHandlers,
	...depthSpaceHandlers,
	...momentsHandlers,
	...einsumHandlers
};

export const supportedOnnxOps = (): string[] => Object.keys(ONNX_HANDLERS).sort();
