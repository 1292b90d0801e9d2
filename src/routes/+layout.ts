// Every page is prerendered: the app is static files plus the model artifacts.
export const prerender = true;
