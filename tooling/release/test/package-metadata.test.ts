import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { publishedPackages, root } from './published-packages.js';

/** The first fenced block of `lang` in a markdown text, or undefined. */
function fenced(markdown: string, lang: string): string | undefined {
  return new RegExp('```' + lang + '\\n([\\s\\S]*?)```').exec(markdown)?.[1];
}

/** One line per thing a user of the package in folder `dir` (packages/<name>) would miss on npm. */
function metadataProblems(dir: string, name: string): string[] {
  const m = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
  const repo = 'https://github.com/latentkit/latentkit';
  const problems: string[] = [];
  const check = (ok: boolean, what: string) => ok || problems.push(`${m.name}: ${what}`);
  check(
    m.repository?.url === `git+${repo}.git` && m.repository?.directory === `packages/${name}`,
    `repository must be ${repo} with directory packages/${name}`,
  );
  check(m.homepage === `${repo}/tree/main/packages/${name}#readme`, 'homepage must be its folder on GitHub');
  check(m.bugs?.url === `${repo}/issues`, 'bugs must be the issue tracker');
  check(Array.isArray(m.keywords) && m.keywords.includes('latentkit'), "keywords must include 'latentkit'");
  check(m.engines?.node === '>=20.19', 'engines.node must be >=20.19');
  check(typeof m.description === 'string' && m.description.length > 20, 'a description');
  check(
    ['dist', 'CHANGELOG.md'].every((f) => m.files?.includes(f)),
    'files must include dist and CHANGELOG.md',
  );
  let license = '';
  try {
    license = readFileSync(join(dir, 'LICENSE'), 'utf8');
  } catch {
    problems.push(`${m.name}: no LICENSE file (npm ships it whatever \`files\` says)`);
  }
  if (license)
    check(m.license === 'Apache-2.0' && license === readFileSync(join(root, 'LICENSE'), 'utf8'), 'license must be Apache-2.0 with the root LICENSE text');
  let readme = '';
  try {
    readme = readFileSync(join(dir, 'README.md'), 'utf8');
  } catch {
    return [...problems, `${m.name}: no README.md`];
  }
  check(readme.startsWith(`# ${m.name}\n`), `README must start with "# ${m.name}"`);
  const install = fenced(readme, 'sh')?.split('\n')[0] ?? '';
  const optional = new Set(Object.keys(m.peerDependenciesMeta ?? {}).filter((k) => m.peerDependenciesMeta[k].optional));
  const peers = Object.keys(m.peerDependencies ?? {}).filter((k) => !optional.has(k));
  const words = install.split(' ');
  check(/^npm install (--save-dev )?/.test(install) && words.includes(m.name), 'README must open its first ```sh block with `npm install <name>`');
  for (const peer of peers.filter((p) => !words.includes(p))) problems.push(`${m.name}: README install line lacks the peer dependency ${peer}`);
  check(fenced(readme, 'ts')?.includes(`from '${m.name}'`) ?? false, `README must have a \`\`\`ts example importing from '${m.name}'`);
  return problems;
}

describe('published packages', () => {
  const packages = publishedPackages();

  it('are the fifteen libraries of packages/*', () => {
    expect(packages).toHaveLength(15);
  });

  it.each(packages)('$manifest.name has repository, homepage, bugs, keywords, engines, the LICENSE and a README with install line and example', ({ dir }) => {
    expect(metadataProblems(join(root, 'packages', dir), dir)).toEqual([]);
  });

  it('reports a package without repository, engines and LICENSE whose README lacks the install line and a peer (scratch copy)', () => {
    const scratch = mkdtempSync(join(tmpdir(), 'latentkit-metadata-'));
    try {
      const dir = join(scratch, 'models-mixture');
      cpSync(join(root, 'packages', 'models-mixture', 'package.json'), join(dir, 'package.json'));
      const { repository: _r, engines: _e, ...manifest } = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
      writeFileSync(join(dir, 'package.json'), JSON.stringify(manifest));
      writeFileSync(
        join(dir, 'README.md'),
        "# @latentkit/models-mixture\n\n```sh\nnpm install @latentkit/models-mixture @latentkit/core\n```\n\n```ts\nimport { gmm } from '@latentkit/models-mixture';\n```\n",
      );
      expect(metadataProblems(dir, 'models-mixture')).toEqual([
        '@latentkit/models-mixture: repository must be https://github.com/latentkit/latentkit with directory packages/models-mixture',
        '@latentkit/models-mixture: engines.node must be >=20.19',
        '@latentkit/models-mixture: no LICENSE file (npm ships it whatever `files` says)',
        '@latentkit/models-mixture: README install line lacks the peer dependency @latentkit/registry',
        '@latentkit/models-mixture: README install line lacks the peer dependency @tensorflow/tfjs-core',
      ]);
    } finally {
      rmSync(scratch, { recursive: true, force: true });
    }
  });
});
