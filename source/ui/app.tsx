import {Box, Text} from 'ink';
import {ConfirmDialog} from './components/confirm-dialog.js';
import {DeploymentsPane} from './components/deployments-pane.js';
import {Footer} from './components/footer.js';
import {ConnectionBanner, Header} from './components/header.js';
import {HelpOverlay} from './components/help-overlay.js';
import {LogPane} from './components/log-pane.js';
import {PipelinesPane} from './components/pipelines-pane.js';
import {useDashboard, type DashboardServices} from './hooks/use-dashboard.js';
import {useKeyboard} from './hooks/use-keyboard.js';
import {useTerminalResize} from './hooks/use-terminal-size.js';
import {minimumColumns, minimumRows, type TerminalSize} from './layout.js';
import {
	deploymentCounts,
	deploymentsWindow,
	layoutOf,
	logWindowTop,
	pipelinesWindow,
	selectedPipeline,
	selectedRecord,
	visibleDeployments,
} from './state/dashboard-state.js';

export type AppProps = {
	readonly services: DashboardServices;
	readonly initialSize: TerminalSize;
};

/** The dashboard: header, pipelines and deployments side by side, the log pane below, the footer. */
export function App({services, initialSize}: AppProps) {
	const {state, dispatch} = useDashboard(services, initialSize);
	useKeyboard(dispatch);
	useTerminalResize(dispatch);
	const layout = layoutOf(state);
	if (layout.isTooSmall) {
		return (
			<Box width={layout.columns} height={layout.frameRows}>
				<Text wrap="truncate">
					Terminal too small ({state.size.columns}x{state.size.rows}); coolify-tui needs {minimumColumns}x{minimumRows}. Enlarge it, or press q to quit.
				</Text>
			</Box>
		);
	}

	const rows = visibleDeployments(state);
	const record = selectedRecord(state);
	const pipeline = selectedPipeline(state);
	const rightWidth = layout.columns - layout.pipelinesWidth;
	const deploymentsTitle = `${state.showAllPipelines ? 'Deployments: all pipelines' : `Deployments: ${pipeline?.id ?? '-'}`}${state.teamView ? ', whole team' : ', mine'}`;
	const bodyHeight = layout.topHeight + layout.logHeight;
	return (
		<Box flexDirection="column" width={layout.columns} height={layout.frameRows}>
			<Header state={state} />
			<ConnectionBanner state={state} />
			{state.mode === 'help' ? (
				<HelpOverlay readOnly={state.readOnly} width={layout.columns} height={bodyHeight} />
			) : (
				<>
					<Box height={layout.topHeight}>
						<PipelinesPane
							pipelines={state.pipelines}
							selectedIndex={state.pipelineIndex}
							counts={deploymentCounts(state)}
							deploying={state.deploying}
							showAll={state.showAllPipelines}
							isFocused={state.focus === 'pipelines'}
							width={layout.pipelinesWidth}
							height={layout.topHeight}
							window={pipelinesWindow(state)}
						/>
						<DeploymentsPane
							title={deploymentsTitle}
							subtitle={state.filter ? `filter: ${state.filter}` : undefined}
							rows={rows}
							selectedId={state.selectedId}
							busy={state.busy}
							isFocused={state.focus === 'deployments'}
							width={rightWidth}
							height={layout.topHeight}
							window={deploymentsWindow(state)}
							now={state.now}
							showOwner={state.teamView}
						/>
					</Box>
					{state.confirmation ? (
						<ConfirmDialog confirmation={state.confirmation} width={layout.columns} height={layout.logHeight} />
					) : (
						<LogPane
							record={record}
							log={state.log}
							top={logWindowTop(state)}
							isFocused={state.focus === 'logs'}
							width={layout.columns}
							height={layout.logHeight}
							rows={layout.logRows}
						/>
					)}
				</>
			)}
			<Footer state={state} />
		</Box>
	);
}
