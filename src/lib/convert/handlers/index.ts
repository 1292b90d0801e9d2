// The one registry of op handlers: TF op name -> handler, collected from each op family's module.
import type { Handler } from './context.js';
import { activationHandlers } from './activation.js';
import { atan2Handlers } from './atan2.js';
import { atrousHandlers } from './atrous.js';
import { condHandlers } from './cond.js';
import { convHandlers } from './conv.js';
import { elementwiseHandlers } from './elementwise.js';
import { gatherHandlers } from './gather.js';
import { matmulHandlers } from './matmul.js';
import { reduceHandlers } from './reduce.js';
import { resizeHandlers } from './resize.js';
import { shapeHandlers } from './shape.js';
import { sliceHandlers } from './slice.js';

export const HANDLERS: Readonly<Record<string, Handler>> = {
	...elementwiseHandlers,
	...activationHandlers,
	...atan2Handlers,
	...convHandlers,
	...atrousHandlers,
	...reduceHandlers,
	...shapeHandlers,
	...gatherHandlers,
	...sliceHandlers,
	...resizeHandlers,
	...matmulHandlers,
	...condHandlers
};

/** TF ops the converter reads itself rather than through a handler. */
export const STRUCTURAL_OPS = new Set(['Const', 'Placeholder', 'PlaceholderWithDefault', 'NoOp']);

export const supportedOps = (): string[] => [...Object.keys(HANDLERS), ...STRUCTURAL_OPS].sort();
