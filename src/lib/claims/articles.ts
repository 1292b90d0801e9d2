// The three articles of the framework comparison (../shared/articles in the workplace), by title.

export const ARTICLES = {
	blogger: {
		title: 'Top Deep Learning Frameworks: TensorFlow vs. PyTorch',
		publisher: 'a Blogger post, March 10, 2025'
	},
	chatbench: {
		title: '7 Top Deep Learning Frameworks Evaluated (2026)',
		publisher: 'ChatBench.org'
	},
	alitech: {
		title: 'Competitive Analysis of Open-Source AI Frameworks: TensorFlow vs. PyTorch 2024',
		publisher: 'AliTech Solutions'
	}
} as const;

export type ArticleId = keyof typeof ARTICLES;
