#!/usr/bin/env node
import { streamOutput } from './cli/io.js';
import { runCli } from './cli/run.js';

process.exitCode = await runCli(process.argv.slice(2), {
  env: process.env,
  stdout: streamOutput(process.stdout, false),
  stderr: streamOutput(process.stderr, false),
});
