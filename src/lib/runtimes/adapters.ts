// Every runtime adapter, by framework: the one list the workers load a model through.
import { ortAdapter } from './ort.js';
import { tfjsAdapter } from './tfjs.js';
import type { Framework, RuntimeAdapter } from './types.js';

export const ADAPTERS: Record<Framework, RuntimeAdapter> = { ort: ortAdapter, tfjs: tfjsAdapter };
