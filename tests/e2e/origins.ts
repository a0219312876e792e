// The sites the end-to-end tests use. Each is a server of the same dist/ on its own port, so each
// is its own origin: the playground's, a course site that embeds it, and a foreign site it is not
// told to answer. playwright.config.ts starts them; watch.ts lets a test reach the last two.

/** The port of the playground's own site. */
export const PLAYGROUND_PORT = 4173;
/** The port of the course site, whose pages may frame the playground. */
export const COURSE_PORT = 4175;
/** The port of the foreign site, whose pages may frame the playground too. */
export const FOREIGN_PORT = 4176;

/** The playground's origin (Playwright's baseURL). */
export const ORIGIN = `http://127.0.0.1:${PLAYGROUND_PORT}`;
/** The course site's origin: the one the example course page lists in the playground's `origins`. */
export const COURSE = `http://127.0.0.1:${COURSE_PORT}`;
/** The foreign site's origin: in no `origins` list. */
export const FOREIGN = `http://127.0.0.1:${FOREIGN_PORT}`;
/** Where every server publishes dist/. */
export const APP = '/courses/ds/playground/';
