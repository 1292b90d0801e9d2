// The typed messages between the page and the worker that describes this browser and GPU.
import type { Environment } from '../environment.js';
import type { CommonReply } from './client.js';

export type EnvironmentRequest = { id: number; type: 'describe' };

export type EnvironmentReply =
	{ id: number; type: 'described'; environment: Environment } | CommonReply;

export interface EnvironmentProtocol {
	request: EnvironmentRequest;
	reply: EnvironmentReply;
	answers: { describe: 'described' };
}
