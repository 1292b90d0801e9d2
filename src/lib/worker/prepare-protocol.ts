// The typed messages between the page and the worker that opens a user's model: the files in, the
// prepared model (signature, twins, conversion report) out, with progress while it converts; and the
// model's work counted again once the user's choices fix its shapes.
import type { ModelFileSet } from '../open/files.js';
import type { PreparedModel } from '../open/prepare.js';
import type { ExternalFile } from '../runtimes/types.js';
import type { CommonReply } from './client.js';

export type PrepareRequest =
	| {
			id: number;
			type: 'prepare';
			set: ModelFileSet;
			inputShapes?: Record<string, number[]>;
			/**
			 * Keep the model in "Your models" (the worker writes it to IndexedDB itself, so the page's
			 * thread never copies a model); `startedAt` (Date.now()) is when the user opened it.
			 */
			keep?: { startedAt: number };
	  }
	/** The model's multiply-adds a run at the shapes the user chose (see countWork). */
	| {
			id: number;
			type: 'count';
			onnx: { bytes: Uint8Array; externalData?: ExternalFile[] };
			inputShapes: Record<string, number[]>;
	  };

export type PrepareReply =
	| { id: number; type: 'prepared'; model: PreparedModel }
	| { id: number; type: 'counted'; multiplyAdds?: number }
	| CommonReply;

export interface PrepareProtocol {
	request: PrepareRequest;
	reply: PrepareReply;
	answers: { prepare: 'prepared'; count: 'counted' };
}
