import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { captureWriter } from '../io.js';
import { addDataFormatOptions, dataFormatOf, dataFormatOptions, parseDelimiter } from './data-format.js';

describe('parseDelimiter', () => {
  it('accepts , ; | and a tab written as a tab, \\t or tab', () => {
    expect([',', ';', '|', '\t', '\\t', 'tab', 'TAB'].map(parseDelimiter)).toEqual([',', ';', '|', '\t', '\t', '\t', '\t']);
  });

  it('rejects anything else in one line naming what it accepts', () => {
    expect(() => parseDelimiter(' ')).toThrow(`--delimiter expects ',', ';', '|' or a tab (written \\t or tab), got " "`);
    expect(() => parseDelimiter(';;')).toThrow('got ";;"');
  });
});

describe('addDataFormatOptions and dataFormatOptions', () => {
  const parse = (argv: string[]) => {
    const cmd = addDataFormatOptions(new Command('fit').exitOverride().argument('<file>'));
    cmd.parse(argv, { from: 'user' });
    return cmd;
  };

  it('passes --no-header, --delimiter and --h5ad-layer on, and nothing when they are not given', () => {
    const io = { stdout: captureWriter(), stderr: captureWriter() };
    expect(dataFormatOf(dataFormatOptions(parse(['d.csv', '--no-header', '--delimiter', '\\t']), io))).toMatchObject({ header: false, delimiter: '\t' });
    expect(dataFormatOf(dataFormatOptions(parse(['d.h5ad', '--h5ad-layer', 'counts']), io))).toMatchObject({ h5adLayer: 'counts' });
    const plain = dataFormatOptions(parse(['d.csv']), io);
    expect('header' in plain || 'delimiter' in plain || 'h5adLayer' in plain).toBe(false);
  });

  it('writes each note once as a note: line, and leaves standard input alone until asked', () => {
    let asked = 0;
    const stderr = captureWriter();
    const io = {
      stdout: captureWriter(),
      stderr,
      get stdin() {
        asked++;
        return undefined;
      },
    };
    const o = dataFormatOptions(parse(['d.csv']), io);
    o.onNote!('d.csv: reading tab-separated columns (detected); pass --delimiter to override');
    o.onNote!('d.csv: reading tab-separated columns (detected); pass --delimiter to override');
    expect(stderr.text()).toBe('note: d.csv: reading tab-separated columns (detected); pass --delimiter to override\n');
    expect(asked).toBe(0);
    o.stdin!();
    expect(asked).toBe(1);
  });
});
