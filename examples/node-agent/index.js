#!/usr/bin/env node
'use strict';
// The command: `report` one finished run and wait until its deliveries are final, or `backfill`
// many runs from a list over one stream. Exit 0 when everything arrived, 1 when a delivery did not
// (or an event was rejected), 2 on a usage error or when Hookline could not be reached.
const { parseArgs } = require('node:util');
const { hookService, callMetadata } = require('./contract');
const { Reporter, describe } = require('./reporter');
const { Follower } = require('./follower');
const { runCompletion, readHooks, readRunList } = require('./runs');

const USAGE = `usage:
  hookline-agent report --project P --name N --status S [--hooks polyaxonfile.yaml] [--uuid U] [--kind K]
  hookline-agent backfill [--hooks polyaxonfile.yaml] RUNS_FILE   (lines: project name status [uuid])
options: --target host:port (or HOOKLINE_TARGET, default localhost:8080), --tls, --timeout seconds (default 300)
HOOKLINE_TOKEN, when set, is sent as "authorization: Bearer <token>".`;

const OPTIONS = {
  project: { type: 'string' }, name: { type: 'string' }, status: { type: 'string' },
  hooks: { type: 'string' }, uuid: { type: 'string' }, kind: { type: 'string', default: 'job' },
  target: { type: 'string' }, tls: { type: 'boolean', default: false },
  timeout: { type: 'string', default: '300' }, help: { type: 'boolean', default: false },
};

class UsageError extends Error {}

async function main(argv) {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true });
  } catch (error) {
    throw new UsageError(error.message);
  }
  const { values, positionals } = parsed;
  const [command, ...rest] = positionals;
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const target = values.target || process.env.HOOKLINE_TARGET || 'localhost:8080';
  const client = hookService(target, values.tls);
  const metadata = callMetadata(process.env.HOOKLINE_TOKEN);
  const log = (line) => console.error(`hookline-agent: ${line}`);
  const reporter = new Reporter(client, metadata, { log });
  try {
    if (command === 'report' && rest.length === 0) {
      for (const required of ['project', 'name', 'status']) {
        if (!values[required]) {
          throw new UsageError(`--${required} is required`);
        }
      }
      const event = runCompletion({ ...values, hooksYaml: readHooks(values.hooks) });
      const [ack] = await reporter.report([event]);
      if (ack.result === 'REPORT_RESULT_REJECTED') {
        log(`rejected: ${rejection(ack)}`);
        return 1;
      }
      const timeoutMs = Number(values.timeout) * 1000;
      const finals = await new Follower(client, metadata, { timeoutMs, log }).follow(event.run.uuid, ack.deliveries);
      return printDeliveries(ack, finals, log);
    }
    if (command === 'backfill' && rest.length === 1) {
      const hooksYaml = readHooks(values.hooks);
      const events = readRunList(rest[0]).map((run) => runCompletion({ ...run, hooksYaml }));
      const acks = await reporter.report(events);
      const count = (result) => acks.filter((ack) => ack.result === result).length;
      console.log(`${events.length} runs: ${count('REPORT_RESULT_ACCEPTED')} accepted, `
        + `${count('REPORT_RESULT_DUPLICATE')} duplicate, ${count('REPORT_RESULT_REJECTED')} rejected`);
      acks.filter((ack) => ack.result === 'REPORT_RESULT_REJECTED')
        .forEach((ack) => log(`${ack.event_id} rejected: ${rejection(ack)}`));
      return count('REPORT_RESULT_REJECTED') > 0 ? 1 : 0;
    }
    throw new UsageError(command ? `unknown command or arguments: ${positionals.join(' ')}` : 'no command');
  } finally {
    client.close();
  }
}

/** One line per delivery; returns the exit code. */
function printDeliveries(ack, finals, log) {
  const notArrived = [];
  for (const planned of ack.deliveries) {
    const final = finals.get(planned.delivery_id);
    const state = final.state.replace('DELIVERY_STATE_', '');
    const http = final.http_status ? ` (HTTP ${final.http_status})` : '';
    const reason = final.error ? `: ${final.error}` : '';
    console.log(`${planned.hub_ref} via ${planned.connection}: ${state}${http}${reason}`);
    if (state !== 'DELIVERED' && state !== 'SKIPPED') {
      notArrived.push(`${planned.hub_ref} via ${planned.connection} is ${state}${http}${reason}`);
    }
  }
  if (ack.deliveries.length === 0) {
    console.log('no hook applies to this run');
  }
  notArrived.forEach((line) => log(line));
  return notArrived.length > 0 ? 1 : 0;
}

function rejection(ack) {
  const where = ack.error.violations.map((v) => `${v.field}: ${v.description}${v.line ? ` (line ${v.line}, column ${v.column})` : ''}`);
  return `${ack.error.code} ${where.length ? where.join('; ') : ack.error.message}`;
}

main(process.argv.slice(2)).then((code) => { process.exitCode = code; }, (error) => {
  if (error instanceof UsageError) {
    console.error(`hookline-agent: ${error.message}\n${USAGE}`);
  } else {
    console.error(`hookline-agent: ${error.code !== undefined ? describe(error) : error.message}`);
  }
  process.exitCode = 2;
});
