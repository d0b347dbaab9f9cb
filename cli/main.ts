// `stomp-anywhere`, the package's command: argument dispatch and exit status. The process ends
// by itself once the probes have closed everything; only the exit code is set here.

import { VERSION } from '../lib/index.js';
import { parseDoctorArgs, secretValues } from './doctor/args.js';
import { DOCTOR_HELP, MAIN_HELP } from './doctor/help.js';
import { createProgress } from './doctor/progress.js';
import { renderTable } from './doctor/report-table.js';
import { runDoctor } from './doctor/run-doctor.js';
import { scrubber, scrubDeep } from './doctor/secrets.js';

/** Exit statuses. */
const EXIT_OK = 0;
const EXIT_UNUSABLE = 1;
const EXIT_USAGE = 2;
/** A bug in the tool, not a finding about the endpoint. */
const EXIT_INTERNAL = 3;

/** Runs the command line `argv` (without node and the script); resolves with the exit status. */
async function main(argv: string[], env: { [name: string]: string | undefined }): Promise<number> {
  const [command, ...rest] = argv;
  if (command === '--help' || command === '-h' || command === 'help') {
    process.stdout.write(MAIN_HELP);
    return EXIT_OK;
  }
  if (command === '--version') {
    process.stdout.write(VERSION + '\n');
    return EXIT_OK;
  }
  if (command !== 'doctor') {
    // An unknown word may be anything the user typed; name it only when it looks like a command.
    const what =
      command === undefined
        ? 'missing command'
        : /^[a-z-]{1,20}$/.test(command)
          ? `unknown command ${JSON.stringify(command)}`
          : 'unknown command';
    process.stderr.write(`stomp-anywhere: ${what}\n\n${MAIN_HELP}`);
    return EXIT_USAGE;
  }

  const scrub = scrubber([...secretValues(rest), env.STOMP_LOGIN, env.STOMP_PASSCODE]);
  const args = parseDoctorArgs(rest, env);
  if (args.kind === 'help') {
    process.stdout.write(DOCTOR_HELP);
    return EXIT_OK;
  }
  if (args.kind === 'version') {
    process.stdout.write(VERSION + '\n');
    return EXIT_OK;
  }
  if (args.kind === 'usage-error') {
    process.stderr.write(scrub(`stomp-anywhere doctor: ${args.message}\n\n${DOCTOR_HELP}`));
    return EXIT_USAGE;
  }

  const progress = createProgress(process.stderr, scrub);
  const report = scrubDeep(await runDoctor(args.options, progress), scrub);
  progress.end();
  process.stdout.write(args.json ? JSON.stringify(report, null, 2) + '\n' : renderTable(report));
  return report.usable ? EXIT_OK : EXIT_UNUSABLE;
}

main(process.argv.slice(2), process.env).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    // A bug, not a finding: say so plainly, without a credential.
    const scrub = scrubber([
      ...secretValues(process.argv.slice(2)),
      process.env.STOMP_LOGIN,
      process.env.STOMP_PASSCODE
    ]);
    process.stderr.write(
      scrub(
        `stomp-anywhere: internal error: ${error instanceof Error ? error.stack || error.message : String(error)}\n`
      )
    );
    process.exitCode = EXIT_INTERNAL;
  }
);
