import { Option, type Command } from 'commander';
import { collect, type CommandSpec } from '../command-spec.ts';

const load = async () => await import('./image-commands.ts');

/** `stack image ...`: the engine's images (stackd's or Docker's), as `docker image ...` handles them. */
export const imageSpec: CommandSpec = {
  name: 'image',
  summary: 'Manage images: import, load, save, ls, inspect, tag, rm, prune',
  define() {},
  load: async () => async () => 0,
  subcommands: [
    {
      name: 'import',
      summary: 'Import a root filesystem (a tar, tar.gz or a directory) as a one-layer image',
      define(command: Command) {
        command
          .argument('<rootfs>', 'A tar file (plain or gzip), a directory, or - for a tar on stdin')
          .argument('[name]', 'NAME[:TAG] for the new image')
          .option('-c, --change <instruction>', 'A Dockerfile instruction for the image config (CMD, ENTRYPOINT, ENV, EXPOSE, LABEL, USER, VOLUME, WORKDIR, STOPSIGNAL, HEALTHCHECK); repeatable', collect)
          .option('-m, --message <text>', 'A comment for the image history')
          .option('-q, --quiet', 'Print only the image id', false);
      },
      load: async () => (await load()).runImageImport,
    },
    {
      name: 'load',
      summary: 'Load images from a docker save archive or an OCI archive (plain or gzip)',
      define(command: Command) {
        command.option('-i, --input <file>', 'Read from this file instead of stdin').option('-q, --quiet', 'Print only what was loaded', false);
      },
      load: async () => (await load()).runImageLoad,
    },
    {
      name: 'save',
      summary: 'Save images to a tar archive (docker save and OCI layout in one)',
      define(command: Command) {
        command.argument('<images...>', 'Images to save').option('-o, --output <file>', 'Write to this file instead of stdout');
      },
      load: async () => (await load()).runImageSave,
    },
    {
      name: 'ls',
      summary: 'List images',
      define(command: Command) {
        command
          .argument('[reference]', 'Only images matching this name (a * matches within a path component)')
          .option('-q, --quiet', 'Print only the image ids', false)
          .option('--filter <filter>', 'label=KEY[=VALUE], dangling=true|false, reference=PATTERN; repeatable', collect)
          .addOption(new Option('--format <format>', 'Output format').choices(['table', 'json']).default('table'));
      },
      load: async () => (await load()).runImageLs,
    },
    {
      name: 'inspect',
      summary: 'Print the details of images as JSON',
      define(command: Command) {
        command.argument('<images...>', 'Images to inspect');
      },
      load: async () => (await load()).runImageInspect,
    },
    {
      name: 'tag',
      summary: 'Give an image another name',
      define(command: Command) {
        command.argument('<source>', 'An image name or id').argument('<target>', 'NAME[:TAG]');
      },
      load: async () => (await load()).runImageTag,
    },
    {
      name: 'rm',
      summary: 'Remove images (untag a name; delete the image with its last name)',
      define(command: Command) {
        command.argument('<images...>', 'Images to remove').option('-f, --force', 'Remove an image with several names by id, or untag one a container uses', false).option('--no-prune', 'Keep the untagged parent content until the next prune');
      },
      load: async () => (await load()).runImageRm,
    },
    {
      name: 'prune',
      summary: 'Remove unused images (dangling ones; every unused one with --all)',
      define(command: Command) {
        command.option('-a, --all', 'Remove every image no container uses, not only dangling ones', false).option('-f, --force', 'Do not ask (stack never asks; accepted for docker compatibility)', false);
      },
      load: async () => (await load()).runImagePrune,
    },
  ],
};
