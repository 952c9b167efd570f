import { describe, expect, it } from 'vitest';
import { outageReporter } from './run-jobs.js';

const refused = (): Error => Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:6390'), { code: 'ECONNREFUSED' });

describe('outageReporter', () => {
  it('says once that Redis is lost, however many reconnections fail, and once that it is back', () => {
    const lines: string[] = [];
    const r = outageReporter('redis://127.0.0.1:6390', (l) => lines.push(l));
    r.ready();
    r.error(refused());
    r.error(new Error('Connection is closed.'));
    r.error(refused());
    r.ready();
    r.ready();
    r.error(refused());
    expect(lines).toEqual([
      'lost Redis at redis://127.0.0.1:6390: connect ECONNREFUSED 127.0.0.1:6390; waiting for it to come back\n',
      'Redis at redis://127.0.0.1:6390 is back\n',
      'lost Redis at redis://127.0.0.1:6390: connect ECONNREFUSED 127.0.0.1:6390; waiting for it to come back\n',
    ]);
  });

  it('logs any other error as it comes, in one line, and does not take it for an outage', () => {
    const lines: string[] = [];
    const r = outageReporter('redis://h:1', (l) => lines.push(l));
    r.error(new Error('ERR unknown command\nat line 2'));
    r.error(new Error('ERR unknown command\nat line 2'));
    r.ready();
    expect(lines).toEqual(['ERR unknown command\n', 'ERR unknown command\n']);
  });
});
