export {
  parseStudySpec,
  STUDY_SPEC_SCHEMA,
  StudySpecError,
  type ReplicateSeed,
  type StudyDatasetSpec,
  type StudyMetricSpec,
  type StudyModelSpec,
  type StudySpec,
} from './spec.js';
export { canonicalJson, deriveSeed, expandStudy, type StudyJob } from './expand.js';
export { JobRejectedError, metricColumn, resolveUnderRoot, runStudyJob, type JobResult, type JobRunnerOptions, type JobStatus } from './run-job.js';
export { ResultStore } from './store.js';
export { plotVariable, studyReport, studyTable, summarize, toCsv, type Cell, type StudyTable, type SummaryPoint } from './table.js';
export { runStudyLocally, writeStudyTables, type RunStudyOptions, type RunStudySummary } from './run-study.js';
