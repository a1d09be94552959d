/** The screen sizes a hall uses (tests and bench/console-page.ts; no test runner needed to read them). */

/** A 10-inch tablet, landscape. */
export const TABLET_VIEWPORT = { width: 1280, height: 800 };
export const CONSOLE_VIEWPORT = { width: 1440, height: 900 };
/** A 16:9 projector: the wall cannot scroll, so boards must fit it. */
export const WALL_VIEWPORT = { width: 1920, height: 1080 };
