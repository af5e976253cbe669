import { createRequire } from 'node:module';
import { nativeAddon } from '../../shared/native.ts';

/**
 * Loads tree-sitter's JavaScript and its runtime addon. The hook bundle replaces this module (see
 * scripts/build.mjs, `bundleTreeSitter`) with one that bundles tree-sitter's JS, so it is compiled
 * from the V8 code cache, and hands it the addon by path instead of a node-gyp-build search.
 */
export function loadTreeSitter(): unknown {
  return createRequire(import.meta.url)('tree-sitter');
}

/** The runtime addon's path, for the bundled loader. */
export function treeSitterAddon(): string | null {
  return nativeAddon('tree-sitter', 'build/Release/tree_sitter_runtime_binding.node', `prebuilds/${process.platform}-${process.arch}/tree-sitter.node`);
}
