// How fast this WebGPU device can multiply matrices: a short tiled float32 matmul, timed, so that a
// WebGPU cell's GFLOP/s can be read as a share of what the device attains, not only as a number.
/// <reference types="@webgpu/types" />

export interface GpuPeak {
	/** Billions of floating-point operations a second, the best of the timed batches. */
	gflops: number;
	/** The matrices' side, the products in each timed batch, and that batch's time. */
	size: number;
	dispatches: number;
	ms: number;
}

/** The rate, or why this browser has none to measure. */
export type GpuPeakResult = GpuPeak | { missing: string };

/**
 * The matrices' side grows from the smallest while one product takes under GROW_BELOW_MS: a big GPU
 * needs big matrices to fill, a software GPU takes a second over the smallest.
 */
const SIZES = [256, 512, 1024, 2048];
const GROW_BELOW_MS = 20;
/** Time a batch should take, so that submitting it is small beside its work. */
const BATCH_MS = 150;
const MAX_DISPATCHES = 1000;
const BATCHES = 3;

/**
 * C = A x B, row-major N x N (a multiple of 64) read and written as vec4s: a workgroup of 16 x 16
 * threads computes a 64 x 64 tile of C, each thread a 4 x 4 block as four vec4 rows, from 16-deep
 * slices of A and B held in workgroup memory; every thread loads one vec4 of each slice.
 */
const SHADER = /* wgsl */ `
override N: u32;
@group(0) @binding(0) var<storage, read> a: array<vec4f>;
@group(0) @binding(1) var<storage, read> b: array<vec4f>;
@group(0) @binding(2) var<storage, read_write> c: array<vec4f>;
// sliceA[k][r] holds rows 4r..4r+3 of A's column k; sliceB[k][q] holds columns 4q..4q+3 of B's row k.
var<workgroup> sliceA: array<array<vec4f, 16>, 16>;
var<workgroup> sliceB: array<array<vec4f, 16>, 16>;

@compute @workgroup_size(16, 16)
fn main(@builtin(workgroup_id) group: vec3u, @builtin(local_invocation_id) local: vec3u,
        @builtin(local_invocation_index) index: u32) {
  let row0 = group.y * 64u;
  let col0 = group.x * 64u;
  let n4 = N / 4u;
  let r = index / 4u;
  let q = index % 4u;
  var sum0 = vec4f(0.0);
  var sum1 = vec4f(0.0);
  var sum2 = vec4f(0.0);
  var sum3 = vec4f(0.0);
  for (var k0 = 0u; k0 < N; k0 += 16u) {
    let v = a[(row0 + r) * n4 + k0 / 4u + q];
    sliceA[4u * q][r / 4u][r % 4u] = v.x;
    sliceA[4u * q + 1u][r / 4u][r % 4u] = v.y;
    sliceA[4u * q + 2u][r / 4u][r % 4u] = v.z;
    sliceA[4u * q + 3u][r / 4u][r % 4u] = v.w;
    sliceB[local.y][local.x] = b[(k0 + local.y) * n4 + col0 / 4u + local.x];
    workgroupBarrier();
    for (var k = 0u; k < 16u; k++) {
      let x = sliceA[k][local.y];
      let y = sliceB[k][local.x];
      sum0 = fma(vec4f(x.x), y, sum0);
      sum1 = fma(vec4f(x.y), y, sum1);
      sum2 = fma(vec4f(x.z), y, sum2);
      sum3 = fma(vec4f(x.w), y, sum3);
    }
    workgroupBarrier();
  }
  let out = (row0 + local.y * 4u) * n4 + col0 / 4u + local.x;
  c[out] = sum0;
  c[out + n4] = sum1;
  c[out + 2u * n4] = sum2;
  c[out + 3u * n4] = sum3;
}`;

/** Small integers, so that every product and sum is exact in float32 and the check can be too. */
const matrix = (size: number, seed: number): Float32Array<ArrayBuffer> =>
	Float32Array.from({ length: size * size }, (_, i) => ((i * 7 + seed * 13) % 5) - 2);

/** One size's product on `device`: its buffers and pipeline, a batch of it timed, a check of C. */
async function product(device: GPUDevice, size: number) {
	const [a, b] = [matrix(size, 1), matrix(size, 2)];
	const bytes = size * size * 4;
	const buffer = (usage: number, data?: Float32Array<ArrayBuffer>) => {
		const created = device.createBuffer({ size: bytes, usage });
		if (data) device.queue.writeBuffer(created, 0, data);
		return created;
	};
	const input = GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_DST;
	const buffers = {
		a: buffer(input, a),
		b: buffer(input, b),
		c: buffer(GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC),
		read: buffer(GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST)
	};
	const pipeline = await device.createComputePipelineAsync({
		layout: 'auto',
		compute: {
			module: device.createShaderModule({ code: SHADER }),
			entryPoint: 'main',
			constants: { N: size }
		}
	});
	const bindGroup = device.createBindGroup({
		layout: pipeline.getBindGroupLayout(0),
		entries: [buffers.a, buffers.b, buffers.c].map((buffer, binding) => ({
			binding,
			resource: { buffer }
		}))
	});
	return {
		/** Runs `dispatches` products in one submission and waits for the device: its wall time. */
		async time(dispatches: number, readBack = false): Promise<number> {
			const encoder = device.createCommandEncoder();
			const pass = encoder.beginComputePass();
			pass.setPipeline(pipeline);
			pass.setBindGroup(0, bindGroup);
			for (let i = 0; i < dispatches; i++) pass.dispatchWorkgroups(size / 64, size / 64);
			pass.end();
			if (readBack) encoder.copyBufferToBuffer(buffers.c, 0, buffers.read, 0, bytes);
			const start = performance.now();
			device.queue.submit([encoder.finish()]);
			await device.queue.onSubmittedWorkDone();
			return performance.now() - start;
		},
		/** Throws unless C, as last computed with `readBack`, equals the CPU's at a few places. */
		async check(): Promise<void> {
			await buffers.read.mapAsync(GPUMapMode.READ);
			const c = new Float32Array(buffers.read.getMappedRange().slice(0));
			buffers.read.unmap();
			for (const [row, col] of [
				[0, 0],
				[17, size - 3],
				[size - 1, size - 1],
				[size / 2 + 5, 63]
			] as const) {
				let want = 0;
				for (let k = 0; k < size; k++) want += a[row * size + k]! * b[k * size + col]!;
				const got = c[row * size + col];
				if (got !== want)
					throw new Error(`the matmul probe computed C[${row}][${col}] = ${got}, not ${want}`);
			}
		},
		destroy: () => Object.values(buffers).forEach((b) => b.destroy())
	};
}

/** Times the matmul on `device`; throws when the device computes it wrong. */
export async function measureGpuPeak(device: GPUDevice): Promise<GpuPeak> {
	for (const [i, size] of SIZES.entries()) {
		const p = await product(device, size);
		try {
			await p.time(1, true);
			await p.check();
			const one = await p.time(1);
			if (one < GROW_BELOW_MS && i < SIZES.length - 1) continue;
			const dispatches = Math.max(1, Math.min(MAX_DISPATCHES, Math.round(BATCH_MS / one)));
			let best = Infinity;
			for (let b = 0; b < BATCHES; b++) best = Math.min(best, await p.time(dispatches));
			return { gflops: (2 * size ** 3 * dispatches) / (best * 1e6), size, dispatches, ms: best };
		} finally {
			p.destroy();
		}
	}
	throw new Error('no matrix size to measure');
}
