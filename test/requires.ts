/** How a test file says it needs outside tools (test/tools.ts); kept apart so the global setup need not import vitest. */
import { describe, it } from 'vitest';
import { have, type Tool } from './tools.ts';

export { CHROMIUM, have, type Tool } from './tools.ts';

/**
 * A describe block that needs outside tools: skipped without them (test/global-setup.ts names the skipped files, and
 * fails the run under CI=true). The global setup finds these calls by reading the test files: call it with string
 * literals.
 * @example describeWith('chromium', 'pdftotext')('the printed board', () => { … })
 */
export const describeWith = (...tools: Tool[]) => describe.skipIf(!tools.every(have));

/** A single test that needs outside tools, as describeWith. */
export const itWith = (...tools: Tool[]) => it.skipIf(!tools.every(have));
