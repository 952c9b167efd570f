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
    .option('--shard <name=file>', 'serve this shard of sharded fits (fit --shards) on its own queue instead of study jobs; the file lies under --data-root')
    .option(
      '--stalled-interval <ms>',
      'how often this worker looks for jobs whose worker died (default 30000)',
      asArgParser((t) => parseCount('--stalled-interval', t, 100)),
    );

/** `--queue`, `--shards` and `--shard-timeout` of `fit`: a fit over the rows of shard workers instead of a data file. */
export const shardsOptions: OptionGroup = (cmd) =>
  cmd
    .option('--queue <url>', 'with --shards: Redis of the shard workers, redis://host:port[/db] or rediss://[user:password@]host:port[/db]')
    .option(
      '--shards <names>',
      'fit over the rows held by `latentkit worker --shard <name>=<file>` processes, in this order (comma-separated names; no data argument); mixture/gmm, topic/lda (batch)',
      (t: string) => t.split(',').map((s) => s.trim()),
    )
    .option(
      '--shard-timeout <seconds>',
      'with --shards: how long to wait for a shard that no worker serves before failing (default 60)',
      asArgParser((t) => parseCount('--shard-timeout', t, 1)),
    );
