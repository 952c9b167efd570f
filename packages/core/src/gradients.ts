// Registers the gradient of every tfjs-core kernel on the shared engine (as the @tensorflow/tfjs union package does).
// tfjs-core publishes this module only as extensionless ESM, which plain Node cannot load, so the library build
// bundles this file (tooling/scripts/build-lib.mjs, `bundle` in package.json) with tfjs-core itself kept external.
import '@tensorflow/tfjs-core/dist/register_all_gradients';
