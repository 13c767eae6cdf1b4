'use strict';
// RunCompletions as the agent builds them from a finished run.
const crypto = require('node:crypto');
const fs = require('node:fs');

/**
 * A RunCompletion for one run. The event_id is derived from the run and its final status, so that
 * reporting the same run again (a retried CI step) is answered DUPLICATE instead of firing twice.
 */
function runCompletion({ project, name, status, uuid, kind = 'job', hooksYaml = '' }) {
  const runUuid = (uuid || crypto.randomUUID()).replace(/-/g, '');
  const now = Date.now();
  return {
    event_id: `run:${runUuid}:${status}`,
    run: {
      uuid: runUuid,
      name,
      kind,
      project,
      status,
      finished_at: { seconds: String(Math.floor(now / 1000)), nanos: (now % 1000) * 1e6 },
    },
    // The polyaxonfile as written: Hookline reads its `hooks:` section and answers a mistake with
    // the line and column in this text.
    hooks_yaml: hooksYaml,
  };
}

/** The text of a hooks file (a polyaxonfile or a bare list of hooks), or '' without one. */
function readHooks(file) {
  return file ? fs.readFileSync(file, 'utf8') : '';
}

/**
 * Runs listed one a line as `project name status [uuid]` (blank lines and # comments skipped).
 * Throws naming the line of a malformed entry.
 */
function readRunList(file) {
  const runs = [];
  fs.readFileSync(file, 'utf8').split('\n').forEach((line, index) => {
    const text = line.replace(/#.*/, '').trim();
    if (!text) {
      return;
    }
    const [project, name, status, uuid, extra] = text.split(/\s+/);
    if (!status || extra) {
      throw new Error(`${file}:${index + 1}: expected "project name status [uuid]", got "${text}"`);
    }
    runs.push({ project, name, status, uuid });
  });
  return runs;
}

module.exports = { runCompletion, readHooks, readRunList };
