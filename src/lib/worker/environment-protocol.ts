// The typed messages between the page and the worker that describes this browser and GPU.
import type { Environment } from '../environment.js';
import type { GpuPeakResult } from '../measure/gpu-peak.js';
import type { CommonReply } from './client.js';

export type EnvironmentRequest =
	{ id: number; type: 'describe' } | { id: number; type: 'gpu-peak' };

export type EnvironmentReply =
	| { id: number; type: 'described'; environment: Environment }
	| { id: number; type: 'gpu-peak-measured'; peak: GpuPeakResult }
	| CommonReply;

export interface EnvironmentProtocol {
	request: EnvironmentRequest;
	reply: EnvironmentReply;
	answers: { describe: 'described'; 'gpu-peak': 'gpu-peak-measured' };
}
