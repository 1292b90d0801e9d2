// Typed readers for ONNX node attributes, with defaults, naming the node when one is missing or of the wrong kind.
import { ConversionError } from '../../errors.js';
import { AttributeProto_AttributeType as A, type AttributeProto } from '../../onnx/onnx_pb.js';
import type { ConstTensor } from '../../tensor.js';
import { decodeTensor } from '../tensor-proto.js';

export class OnnxAttrs {
	constructor(
		private readonly attrs: Map<string, AttributeProto>,
		private readonly where: string
	) {}

	has(name: string): boolean {
		return this.attrs.has(name);
	}

	names(): string[] {
		return [...this.attrs.keys()];
	}

	private get(name: string, type: A): AttributeProto | undefined {
		const a = this.attrs.get(name);
		if (a && a.type !== type && a.type !== A.UNDEFINED)
			throw new ConversionError(
				`${this.where}: attribute ${name} is ${A[a.type]}, expected ${A[type]}`
			);
		return a;
	}

	private missing(name: string): never {
		throw new ConversionError(`${this.where}: attribute ${name} is required`);
	}

	int(name: string, fallback?: number): number {
		const a = this.get(name, A.INT);
		return a ? Number(a.i) : (fallback ?? this.missing(name));
	}

	ints(name: string, fallback?: number[]): number[] {
		const a = this.get(name, A.INTS);
		return a ? a.ints.map(Number) : (fallback ?? this.missing(name));
	}

	float(name: string, fallback?: number): number {
		const a = this.get(name, A.FLOAT);
		return a ? a.f : (fallback ?? this.missing(name));
	}

	floats(name: string, fallback?: number[]): number[] {
		const a = this.get(name, A.FLOATS);
		return a ? [...a.floats] : (fallback ?? this.missing(name));
	}

	string(name: string, fallback?: string): string {
		const a = this.get(name, A.STRING);
		return a ? new TextDecoder().decode(a.s) : (fallback ?? this.missing(name));
	}

	tensor(name: string): ConstTensor | undefined {
		const a = this.get(name, A.TENSOR);
		return a?.t ? decodeTensor(a.t, `${this.where}: attribute ${name}`) : undefined;
	}
}
