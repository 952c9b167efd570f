import { describe, expect, it } from 'vitest';
import { COMMANDS } from './command-table.js';
import { captureWriter } from './io.js';
import { createProgram } from './run-cli.js';

const program = createProgram({ stdout: captureWriter(), stderr: captureWriter() });
const flags = (name: string) => program.commands.find((c) => c.name() === name)!.options.map((o) => o.long);

describe('the command table', () => {
  it('builds one subcommand per entry, in order', () => {
    expect(program.commands.map((c) => c.name())).toEqual(COMMANDS.map((c) => c.name));
    expect(new Set(COMMANDS.map((c) => c.name)).size).toBe(COMMANDS.length);
  });

  it('gives every command that reads data the same --missing, --no-header, --delimiter and --h5ad-layer, and --vocab where words matter', () => {
    for (const name of ['fit', 'score', 'transform', 'report', 'select'])
      expect(flags(name)).toEqual(expect.arrayContaining(['--missing', '--no-header', '--delimiter', '--h5ad-layer']));
    expect(COMMANDS.filter((c) => flags(c.name).includes('--vocab')).map((c) => c.name)).toEqual(['fit', 'score', 'transform', 'report']);
    for (const name of ['list', 'sample', 'metric', 'main']) expect(flags(name)).not.toContain('--missing');
  });

  it('shares the option groups of the commands that fit', () => {
    for (const flag of ['--test', '--data', '--set', '--seed', '--json', '--columns', '--label', '--engine']) {
      expect(flags('fit')).toContain(flag);
      expect(flags('select')).toContain(flag);
    }
  });
});
