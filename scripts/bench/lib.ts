// The pieces of coolify-tui the benchmark drives in-process (simulator, services, store), bundled by
// scripts/bench/bundle.mjs into a temporary .mjs: the simulator is only a chunk of dist/, not importable.
export {startSimulator} from '../../source/simulator/index.js';
export {parseConfig} from '../../source/config.js';
export {createServiceContext} from '../../source/services/context.js';
export {pollOnce} from '../../source/services/poller.js';
export {createDeployment} from '../../source/services/create-deployment.js';
export {fetchLogs} from '../../source/services/logs.js';
export {DeploymentStore} from '../../source/store/index.js';
export {encodeMarker} from '../../source/domain/marker.js';
