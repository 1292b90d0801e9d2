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

/** An image or video file the user chose or dropped. */
export async function openFile(file: File): Promise<FrameSource> {
	if (file.type.startsWith('image/')) {
		try {
			return { kind: 'image', name: file.name, bitmap: await createImageBitmap(file) };
		} catch {
			throw new Error(`${file.name}: this browser cannot decode the image`);
		}
	}
	if (file.type.startsWith('video/')) {
		const url = URL.createObjectURL(file);
		const video = document.createElement('video');
		video.src = url;
		return playing(video, file.name, () => {
			video.pause();
			URL.revokeObjectURL(url);
		});
	}
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
