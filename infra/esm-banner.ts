/**
 * Bundled ESM has no `require`; some dependencies (CommonJS parts of the AWS SDK, grammY) still
 * call it for Node built-ins. This banner gives the bundle a real one, bound to its own URL.
 */
export const REQUIRE_SHIM_BANNER =
  "import { createRequire as __nudgeCreateRequire } from 'node:module'; const require = __nudgeCreateRequire(import.meta.url);";
