// A static single-page app: every page renders in the browser.
export const ssr = false;
export const prerender = false;
