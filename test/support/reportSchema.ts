/**
 * Validates reports against the published JSON Schemas: a job's report
 * (main/report/report.schema.json) and a fleet's (main/fleet/fleetReport.schema.json,
 * whose hosts each carry a job report).
 */
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import fleetSchema from '../../main/fleet/fleetReport.schema.json';
import schema from '../../main/report/report.schema.json';

const ajv = new Ajv2020({ allErrors: true, strict: true, strictRequired: false });
addFormats(ajv);
const validate = ajv.compile(schema);
const validateFleet = ajv.compile(fleetSchema);

function errorsOf(v: typeof validate, value: unknown): string[] {
  return v(value) ? [] : (v.errors ?? []).map((e) => `${e.instancePath} ${e.message}`);
}

export function reportSchemaErrors(report: unknown): string[] {
  return errorsOf(validate, report);
}

export function fleetReportSchemaErrors(report: unknown): string[] {
  return errorsOf(validateFleet, report);
}
