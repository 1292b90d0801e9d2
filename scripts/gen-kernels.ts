// Assembles every hand-written WebAssembly kernel into the module the app imports.
import { writeFileSync } from 'node:fs';
import { KERNELS, generatedPath, generatedSource } from './lib/wat.js';

for (const wat of KERNELS) {
	writeFileSync(generatedPath(wat), await generatedSource(wat));
	console.log(`${wat} -> ${generatedPath(wat)}`);
}
