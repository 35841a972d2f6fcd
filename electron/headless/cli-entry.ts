// Runtime: Node (no electron). Entry of the bundled CLI (`dist/cli/cli.cjs`, built by scripts/build-cli.mjs): turns
// on Node's on-disk compile cache before the bundle loads, so that later runs skip compiling it.
import module from 'node:module';

module.enableCompileCache?.();
// Emitted as CommonJS (not bundled), so a plain require loads the bundle only after the cache is on.
// eslint-disable-next-line @typescript-eslint/no-require-imports
require('./fetchpoint-cli.cjs');
