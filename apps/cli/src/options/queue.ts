import { parseCount } from '../parse-options.js';
import { asArgParser, type OptionGroup } from './common.js';

/** The queue `latentkit study --queue` and `latentkit worker` use unless `--queue-name` says otherwise. */
export const DEFAULT_QUEUE_NAME = 'latentkit-study';

/** `--queue-name`: the BullMQ queue of `study --queue` and `worker` (both must name the same). */
export const queueNameOption: OptionGroup = (cmd) =>
  cmd.option('--queue-name <name>', 'BullMQ queue name (workers and studies must agree)', DEFAULT_QUEUE_NAME);

/** `--data-root <dir>`: the folder data files must lie under. */
export const dataRootOption =
  (description: string): OptionGroup =>
  (cmd) =>
    cmd.option('--data-root <dir>', description);

/** The options of `latentkit worker`. */
export const workerOptions: OptionGroup = (cmd) =>
  cmd
    .requiredOption('--queue <url>', 'Redis of the queue: redis://host:port[/db] or rediss://[user:password@]host:port[/db]')
    .option(
      '--concurrency <n>',
      'jobs run at once in this process',
      asArgParser((t) => parseCount('--concurrency', t, 1)),
      1,
    )
    .option(
      '--lock-duration <ms>',
      "how long a job's lock lasts unrenewed; after it, a dead worker's job goes to another (default 30000)",
      asArgParser((t) => parseCount('--lock-duration', t, 100)),
    )
    .option(
      '--stalled-interval <ms>',
      'how often this worker looks for jobs whose worker died (default 30000)',
      asArgParser((t) => parseCount('--stalled-interval', t, 100)),
    );
