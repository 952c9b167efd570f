import { describe, expect, it } from 'vitest';
import pkg from '../../package.json' with { type: 'json' };
import { COMMAND_PREFIX, commandTable } from './command-table.js';

describe('commandTable', () => {
  it('has exactly the commands contributed in package.json', () => {
    const table = Object.keys(commandTable)
      .map((name) => `${COMMAND_PREFIX}${name}`)
      .sort();
    const contributed = pkg.contributes.commands.map((c) => c.command).sort();
    expect(table).toEqual(contributed);
  });

  it('is referenced by menus only through contributed commands', () => {
    const contributed = new Set(pkg.contributes.commands.map((c) => c.command));
    const inMenus = Object.values(pkg.contributes.menus).flatMap((entries) => entries.map((e) => e.command));
    expect(inMenus.filter((c) => !contributed.has(c))).toEqual([]);
  });

  it('offers Train Model on the data files of the explorer', () => {
    const entry = pkg.contributes.menus['explorer/context'].find((e) => e.command === 'latentkit.trainModel')!;
    const pattern = /resourceExtname =~ \/(.+)\/i/.exec(entry.when)![1];
    const re = new RegExp(pattern, 'i');
    expect(['.csv', '.tsv', '.mtx', '.CSV'].every((ext) => re.test(ext))).toBe(true);
    expect(['.json', '.txt'].some((ext) => re.test(ext))).toBe(false);
  });
});
