/** The real DeliveryPorts: the shared DynamoDB table, the SNS topic, CloudWatch Logs, stdout. */
import type { AnalyzerConfig } from '../config';
import type { DeliveryPorts } from '../delivery-ports';
import { publishAlert } from './alert-publisher';
import { readAlertStates, writeAlertState } from './alert-state-store';
import { applyIncrements, isDeliveryProcessed, markDeliveryProcessed, readWindow } from './counter-store';
import { readExecutionTrails } from './execution-trail-reader';

export function awsPorts(config: AnalyzerConfig): DeliveryPorts {
  const table = config.tableName;
  // Counters are kept per window length (counterPk): this container's, read once at cold start.
  const { windowMinutes } = config;
  return {
    isDeliveryProcessed: (id) => isDeliveryProcessed(table, id),
    markDeliveryProcessed: (id, logGroup, expiresAt) => markDeliveryProcessed(table, id, logGroup, expiresAt),
    applyIncrements: (id, increments, expiresAt) =>
      applyIncrements(table, id, increments, expiresAt, windowMinutes),
    readWindow: (api, stage, windowStartMs) => readWindow(table, api, stage, windowStartMs, windowMinutes),
    readAlertStates: (api, stage, signal) => readAlertStates(table, api, stage, signal),
    writeAlertState: (next, expectedVersion, expiresAt, signal) =>
      writeAlertState(table, next, expectedVersion, expiresAt, signal),
    publish: (alert, timeoutMs) => publishAlert(config.topicArn, alert, timeoutMs),
    readTrails: (query, timeoutMs) => readExecutionTrails(query, timeoutMs),
    log: (line) => console.log(JSON.stringify(line)),
    now: () => Date.now(),
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  };
}
