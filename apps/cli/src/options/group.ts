import type { OptionGroup } from './common.js';

/** `--group <column>`: the column holding each row's group, on every command that reads data for a model. */
export const groupOption: OptionGroup = (cmd) =>
  cmd.option(
    '--group <column>',
    "column holding each row's group, e.g. background/target for a contrastive model (not a feature); of an .h5ad file, an obs column",
  );

/** `--background-value <v>` and `--target-value <v>`, on the commands that fit. */
export const groupValueOptions: OptionGroup = (cmd) =>
  cmd
    .option(
      '--background-value <v>',
      "group value of the background rows: sets the model's background hyperparameter, as --set background=v (default: background)",
    )
    .option('--target-value <v>', 'keep only the rows whose group is the background value or this value (a note says how many were dropped)');
