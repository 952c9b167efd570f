import { describe, expect, it } from 'vitest';
import { importedPackages, installLines, markedBlock, missingPeers, type Manifest } from './readme-install.js';
import { ownErrors } from './tsc-diagnostics.js';

const manifests = new Map<string, Manifest>([
  [
    '@latentkit/core',
    {
      name: '@latentkit/core',
      version: '0.1.0',
      peerDependencies: { '@tensorflow/tfjs-core': '^4.22.0', '@tensorflow/tfjs-node': '^4.22.0' },
      peerDependenciesMeta: { '@tensorflow/tfjs-node': { optional: true } },
    },
  ],
  ['@latentkit/anndata', { name: '@latentkit/anndata', version: '0.1.0', peerDependencies: { '@latentkit/core': '^0.1.0' } }],
  ['@latentkit/app', { name: '@latentkit/app', version: '0.1.0', dependencies: { '@latentkit/anndata': '^0.1.0' } }],
]);

describe('missingPeers', () => {
  it('names a peer of a peer that the line leaves out', () => {
    expect(missingPeers(installLines('npm install @latentkit/anndata @latentkit/core')[0], manifests)).toEqual(['@tensorflow/tfjs-core']);
  });

  it('follows the workspace packages a package depends on, and skips optional peers', () => {
    expect(missingPeers(installLines('npm install @latentkit/app')[0], manifests)).toEqual(['@latentkit/core', '@tensorflow/tfjs-core']);
    expect(missingPeers(installLines('npm install @latentkit/core @tensorflow/tfjs-core')[0], manifests)).toEqual([]);
  });
});

describe('README blocks', () => {
  it('reads the block after a marker, and says which marker is missing', () => {
    const text = 'x\n<!-- consumer-test: install -->\n```bash\nnpm install --save-dev a b\necho hi\n```\n';
    expect(installLines(markedBlock(text, 'install'))).toEqual([{ text: 'npm install --save-dev a b', dev: true, packages: ['a', 'b'] }]);
    expect(() => markedBlock(text, 'library example')).toThrow("README.md: no '<!-- consumer-test: library example -->' marker");
  });

  it('lists the packages a module imports, subpaths reduced to their package', () => {
    const source = "import { a } from '@latentkit/core';\nimport b from 'csv-parse/sync';\nimport { c } from './local.mjs';\n";
    expect(importedPackages(source)).toEqual(['@latentkit/core', 'csv-parse']);
  });
});

describe('ownErrors', () => {
  it('keeps errors in the consumer’s files and in @latentkit packages, with their continuation lines', () => {
    const output = [
      "node_modules/@tensorflow/tfjs-core/dist/hash_util.d.ts(2,49): error TS2304: Cannot find name 'Long'.",
      "node_modules/@latentkit/core/dist/index.d.ts(1,15): error TS2307: Cannot find module './backend.js'.",
      "example.mts(3,1): error TS2322: Type 'string' is not assignable to type 'number'.",
      '  Details of the error.',
    ].join('\n');
    expect(ownErrors(output)).toEqual([
      "node_modules/@latentkit/core/dist/index.d.ts(1,15): error TS2307: Cannot find module './backend.js'.",
      "example.mts(3,1): error TS2322: Type 'string' is not assignable to type 'number'. Details of the error.",
    ]);
  });
});
