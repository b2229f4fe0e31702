export {DeploymentStore, type DeploymentPatchInput, type DeploymentStoreOptions} from './deployment-store.js';
export {StoreError, type StoreErrorKind} from './errors.js';
export {boundCachedLogs, boundLogText, logBounds, type BoundedLogText} from './log-bounds.js';
export {dataFileMode, dataFolderMode, resolveDataPath, type DataPathInput} from './paths.js';
export {addRecord, applyPatch, editRecord, patchChangesRecord, findRecordIn, type DeploymentPatch, type NewDeploymentRecord} from './records.js';
export {
	createDefaultData,
	currentSchemaVersion,
	statusHistoryLimit,
	type StoreData,
} from './schema.js';
export type {WatchOptions} from './watch.js';
