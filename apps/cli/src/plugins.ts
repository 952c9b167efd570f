export { BUILTIN_PLUGINS, buildRegistry, type AppRegistryOptions as BuildRegistryOptions } from '@latentkit/app';
