// Where the playground's frames come from: a sample photo, an uploaded image or video, or the webcam.
// Every frame leaves as a new ImageBitmap, so it can be transferred to a worker.

export type FrameSource =
	| { kind: 'image'; name: string; bitmap: ImageBitmap }
	| { kind: 'video'; name: string; video: HTMLVideoElement; release: () => void };

export type InputKind = 'sample' | 'upload' | 'webcam';

/** Whether a frame can be taken now (a video that has not decoded a frame yet cannot). */
export function canGrab(source: FrameSource): boolean {
	return source.kind === 'image' || source.video.readyState >= HTMLMediaElement.HAVE_CURRENT_DATA;
}

export function grab(source: FrameSource): Promise<ImageBitmap> {
	return createImageBitmap(source.kind === 'image' ? source.bitmap : source.video);
}

/** A still source gives the same pixels every time: all its frames can be compared. */
export const isStill = (source: FrameSource) => source.kind === 'image';

export function closeSource(source: FrameSource): void {
	if (source.kind === 'image') source.bitmap.close();
	else source.release();
}

async function playing(video: HTMLVideoElement, name: string, release: () => void) {
	video.muted = true;
	video.playsInline = true;
	video.loop = true;
	try {
		await video.play();
	} catch (e) {
		release();
		throw new Error(`${name}: the video does not play (${(e as Error).message})`);
	}
	return { kind: 'video' as const, name, video, release };
}

export async function openImage(url: string, name: string): Promise<FrameSource> {
	const response = await fetch(url);
	if (!response.ok) throw new Error(`${name}: ${response.status} ${response.statusText}`);
	return { kind: 'image', name, bitmap: await createImageBitmap(await response.blob()) };
}

/** The largest image file read: decoding holds all of it, and then its pixels, in memory. */
export const MAX_IMAGE_BYTES = 256e6;
/** A video is played from the file, never read whole, but one this size is not a short clip. */
export const MAX_VIDEO_BYTES = 4e9;
/** The longest side a picked image keeps: larger ones are scaled down (models take far less). */
export const MAX_IMAGE_SIDE = 4096;

const megabytes = (bytes: number) => `${Math.round(bytes / 1e6)} MB`;

/** Refuses a file over `limit` bytes before any of it is read. */
function checkInputSize(file: File, what: string, limit: number): void {
	if (file.size > limit)
		throw new Error(
			`${file.name}: ${megabytes(file.size)} is more than the ${megabytes(limit)} an ${what} may have`
		);
}

/** The image in `file`, its longest side at most MAX_IMAGE_SIDE. */
async function decodeImage(file: File): Promise<ImageBitmap> {
	checkInputSize(file, 'image', MAX_IMAGE_BYTES);
	const url = URL.createObjectURL(file);
	try {
		// An <img> has its size once loaded, from the file's header; its pixels are decoded later.
		const image = new Image();
		await new Promise((loaded, failed) => {
			image.onload = loaded;
			image.onerror = () => failed(new Error(`${file.name}: this browser cannot decode the image`));
			image.src = url;
		});
		const { naturalWidth: width, naturalHeight: height } = image;
		if (!width || !height) throw new Error(`${file.name}: the image is empty (${width}×${height})`);
		const scale = Math.min(1, MAX_IMAGE_SIDE / Math.max(width, height));
		return await createImageBitmap(image, {
			resizeWidth: Math.max(1, Math.round(width * scale)),
			resizeHeight: Math.max(1, Math.round(height * scale)),
			resizeQuality: 'high'
		}).catch((e: unknown) => {
			throw new Error(
				`${file.name}: the browser could not hold the ${width}×${height} image (${(e as Error).message})`
			);
		});
	} finally {
		URL.revokeObjectURL(url);
	}
}

/** A video file playing, once it shows a frame. */
async function openVideo(file: File): Promise<FrameSource> {
	checkInputSize(file, 'video', MAX_VIDEO_BYTES);
	const url = URL.createObjectURL(file);
	const video = document.createElement('video');
	video.src = url;
	const release = () => {
		video.pause();
		URL.revokeObjectURL(url);
	};
	const source = await playing(video, file.name, release);
	if (!video.videoWidth || !video.videoHeight) {
		release();
		throw new Error(`${file.name}: the video has no frames to show`);
	}
	return source;
}

/** An image or video file the user chose or dropped. */
export async function openFile(file: File): Promise<FrameSource> {
	if (file.type.startsWith('image/'))
		return { kind: 'image', name: file.name, bitmap: await decodeImage(file) };
	if (file.type.startsWith('video/')) return openVideo(file);
	throw new Error(`${file.name}: not an image or a video (${file.type || 'unknown type'})`);
}

export async function openWebcam(): Promise<FrameSource> {
	if (!navigator.mediaDevices?.getUserMedia) throw new Error('this browser gives no camera access');
	let stream: MediaStream;
	try {
		stream = await navigator.mediaDevices.getUserMedia({
			video: { width: { ideal: 640 }, height: { ideal: 480 } }
		});
	} catch (e) {
		throw new Error(`no webcam: ${(e as Error).message}`);
	}
	const video = document.createElement('video');
	video.srcObject = stream;
	return playing(video, 'webcam', () => {
		video.pause();
		for (const track of stream.getTracks()) track.stop();
	});
}
