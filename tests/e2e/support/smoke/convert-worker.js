// Worker side of the in-browser conversion test: the same converter bundle, run off the main thread.
import { convertFromUrl } from './convert-page.js';

self.onmessage = async (event) => {
	try {
		self.postMessage({ ok: true, ...(await convertFromUrl(event.data.url)) });
	} catch (e) {
		self.postMessage({ ok: false, error: String(e && e.message ? e.message : e) });
	}
};
