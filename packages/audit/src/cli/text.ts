import type { HistoryEntry } from '../history/history.js';
import type { Replay } from '../replay/replay.js';
import type { PointInTime } from '../replay/point.js';
import { FINDING_TAGS, describeFinding } from '../verify/findings.js';
import type { VerifiedScope, VerifyReport } from '../verify/verify.js';

const scopeText = (scope: VerifiedScope): string => {
  switch (scope.kind) {
    case 'log':
      return 'the whole log';
    case 'stream':
      return `stream ${scope.stream}`;
    case 'category':
      return `category ${scope.category}`;
    case 'file':
      return 'the export';
  }
};

export const pointText = (point: PointInTime): string => {
  switch (point.kind) {
    case 'end':
      return 'now';
    case 'revision':
      return `revision ${point.revision}`;
    case 'position':
      return `position ${point.position}`;
    case 'instant':
      return point.at;
  }
};

export const verifyText = (report: VerifyReport, where: string): string => {
  const lines = [
    `verify ${scopeText(report.scope)} of ${where}`,
    `  ${report.streams} streams, ${report.events} events${report.events > 0 ? `, positions ${report.firstPosition}..${report.lastPosition}` : ''}`,
  ];
  const gapsChecked = !report.notChecked.some((item) => item._tag === 'PositionGaps');
  if (report.ok) {
    lines.push(
      `  no findings: every hash chain holds, ${gapsChecked ? 'revisions and positions have no holes' : 'revisions have no holes, positions increase'}, ids are unique, payloads match their schemas`,
    );
  } else {
    lines.push(`  ${report.totalFindings} finding(s): ${FINDING_TAGS.filter((tag) => report.findingsByTag[tag] > 0).map((tag) => `${tag} ${report.findingsByTag[tag]}`).join(', ')}`);
    for (const finding of report.findings) lines.push(`  ${finding._tag}: ${describeFinding(finding)}`);
    if (report.findings.length < report.totalFindings) lines.push(`  … and ${report.totalFindings - report.findings.length} more, counted above but not listed`);
  }
  for (const item of report.notChecked) lines.push(`  NOT CHECKED ${item._tag}: ${item.reason}`);
  return `${lines.join('\n')}\n`;
};

const actorText = (entry: HistoryEntry): string => (entry.actor ? `${entry.actor.kind}:${entry.actor.id}` : 'unknown');

/** One event for people: where and when, who, why (correlation, causation), its hash, then its payload. */
export const entryText = (entry: HistoryEntry, data: unknown, indent = ''): string => {
  const hash = entry.hashValid === false ? `${entry.hash.slice(0, 12)} BROKEN` : entry.hash.slice(0, 12);
  return [
    `${indent}#${entry.position} ${entry.stream}@${entry.revision} ${entry.occurredAt} ${entry.type} v${entry.schemaVersion}`,
    `${indent}  id ${entry.eventId}  actor ${actorText(entry)}  correlation ${entry.correlationId ?? '-'}  causation ${entry.causationId ?? '-'}`,
    `${indent}  hash ${hash}${entry.traceparent ? `  traceparent ${entry.traceparent}` : ''}${entry.tracestate ? `  tracestate ${entry.tracestate}` : ''}`,
    `${indent}  data ${JSON.stringify(data)}`,
  ].join('\n');
};

export const replayText = (replay: Replay, state: unknown, steps: readonly unknown[]): string => {
  const lines = [
    `${replay.aggregate} ${replay.stream} at ${pointText(replay.at)}: revision ${replay.revision} of ${replay.latestRevision}${replay.occurredAt ? ` (${replay.occurredAt}, position ${replay.position ?? '-'})` : ' (before its first event)'}`,
  ];
  replay.steps.forEach((step, index) => {
    lines.push(`  after #${step.position} @${step.revision} ${step.type} (${step.occurredAt}):`, indentJson(steps[index], '    '));
  });
  lines.push('state:', indentJson(state, '  '));
  return `${lines.join('\n')}\n`;
};

export const indentJson = (value: unknown, indent: string): string =>
  (JSON.stringify(value, null, 2) ?? 'undefined')
    .split('\n')
    .map((line) => `${indent}${line}`)
    .join('\n');
