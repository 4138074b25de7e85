/**
 * The outside tools some tests need, and how a test file says so. Under CI a missing tool fails the run (see
 * test/global-setup.ts); elsewhere the files that need it are skipped and named in one line.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

/** Debian's Chromium: the only browser the tests drive (`apt-get install chromium`). */
export const CHROMIUM = '/usr/bin/chromium';

export type Tool = 'chromium' | 'pdftotext';

const found: Record<Tool, () => boolean> = {
  chromium: () => existsSync(CHROMIUM),
  // poppler-utils: reads the PDFs the tests print
  pdftotext: () => {
    try {
      execFileSync('pdftotext', ['-v'], { stdio: 'ignore' });
      return true;
    } catch {
      return false;
    }
  },
};

const cache = new Map<Tool, boolean>();
/** Whether a tool is installed on this machine. */
export const have = (tool: Tool): boolean => {
  if (!cache.has(tool)) cache.set(tool, found[tool]());
  return cache.get(tool)!;
};

/** What installs each tool, for the messages. */
export const INSTALL: Record<Tool, string> = { chromium: 'apt-get install chromium', pdftotext: 'apt-get install poppler-utils' };
