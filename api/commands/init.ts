import { InitError, initProfile } from '../../data/profile-init.ts';
import type { BundledName } from '../../data/paths.ts';

/** `saferboard init`: writes a partnership profile from a bundled one; a bad area or an existing file exits 2. */
export function runInit(opts: { area: string; from: BundledName; out: string; force?: boolean }) {
  try {
    const r = initProfile(opts);
    const indicators = r.profile.outcomes.reduce((n, o) => n + o.indicators.length, 0);
    console.error(
      `saferboard init: wrote ${r.path}: "${r.profile.name}", home area ${r.area.name} (${r.area.code}), ${r.profile.outcomes.length} outcomes and ${indicators} indicators from ${r.basis}.`,
    );
    console.error(
      `saferboard init: edit it to match your strategy; saferboard reads it when run from this directory (or with --profile ${r.path}).`,
    );
  } catch (e) {
    if (!(e instanceof InitError)) throw e;
    console.error(`saferboard init: ${e.message}`);
    process.exit(2);
  }
}
