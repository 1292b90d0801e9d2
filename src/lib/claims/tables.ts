// The articles' comparison tables, summarized: each row with what this browser measured about it (a
// claim's verdict), or why a browser cannot measure it.
import type { ArticleId } from './articles.js';

export interface ComparisonTable {
	article: ArticleId;
	section: string;
	columns: string[];
	rows: { feature: string; cells: string[]; claim?: string; notTestable?: string }[];
}

export const TABLES: ComparisonTable[] = [
	{
		article: 'blogger',
		section: 'TensorFlow vs. PyTorch: A Detailed Comparison',
		columns: ['TensorFlow', 'PyTorch'],
		rows: [
			{
				feature: 'Ease of use',
				cells: ['steeper learning curve', 'more intuitive, Pythonic'],
				notTestable: 'about developers, not runtimes'
			},
			{
				feature: 'Performance',
				cells: ['large-scale distributed computing', 'quick iteration and debugging'],
				claim: 'ort-optimized-hardware'
			},
			{
				feature: 'Deployment',
				cells: ['Serving, Lite, TPUs', 'TorchScript, ONNX, TensorRT'],
				claim: 'tensorflow-deploy-web'
			},
			{
				feature: 'Mobile & edge AI',
				cells: ['TensorFlow Lite', 'limited, possible with ONNX'],
				claim: 'pytorch-edge-via-onnx'
			},
			{
				feature: 'Community & adoption',
				cells: ['industry, production', 'research, academia'],
				notTestable: 'about people, not runtimes'
			}
		]
	},
	{
		article: 'chatbench',
		section: 'Head-to-Head: Performance Benchmarks and Speed Comparisons',
		columns: ['TensorFlow', 'PyTorch', 'JAX', 'MXNet'],
		rows: [
			{
				feature: 'Training speed (GPU, TPU)',
				cells: ['very high, extremely high', 'high, n/a', 'extremely high', 'high, n/a'],
				claim: 'training-speed'
			},
			{
				feature: 'Inference speed (CPU)',
				cells: ['high', 'high', 'high', 'high'],
				claim: 'ort-optimized-hardware'
			},
			{
				feature: 'Inference speed (GPU)',
				cells: ['very high', 'very high', 'extremely high', 'high'],
				claim: 'gpu-parallel-convolutions'
			},
			{
				feature: 'Memory efficiency',
				cells: ['good', 'good', 'excellent', 'very good'],
				claim: 'memory-efficiency'
			},
			{
				feature: 'JIT compilation',
				cells: ['yes (XLA)', 'yes (TorchScript)', 'yes (XLA)', 'yes'],
				claim: 'jit-compilation-speedups'
			}
		]
	}
];
