import {Box, Text} from 'ink';
import {useCallback} from 'react';
import {ConfirmDialog} from './components/confirm-dialog.js';
import {DeploymentsPane} from './components/deployments-pane.js';
import {Footer} from './components/footer.js';
import {ConnectionBanner, Header} from './components/header.js';
import {HelpOverlay} from './components/help-overlay.js';
import {LogPane} from './components/log-pane.js';
import {PipelinesPane} from './components/pipelines-pane.js';
import {TextOverlay} from './components/text-overlay.js';
import {detailsOverlayLines} from './details-view.js';
import {formatClock} from '../render/format.js';
import {newestFirst} from '../domain/records.js';
import {sortLabel} from '../domain/sorting.js';
import {useDashboard, type DashboardServices} from './hooks/use-dashboard.js';
import {useKeyboard} from './hooks/use-keyboard.js';
import {useTerminalResize} from './hooks/use-terminal-size.js';
import {minimumColumns, minimumRows, type TerminalSize} from './layout.js';
import {
	deploymentCounts,
	deploymentsWindow,
	layoutOf,
	pipelinesWindow,
	selectedPipeline,
	selectedRecord,
	visibleDeployments,
} from './state/dashboard-state.js';

/** The details view or the message history, drawn in place of the panes. */
function overlayOf(state: ReturnType<typeof useDashboard>['state'], services: DashboardServices, width: number, height: number, onMaxTop: (maxTop: number) => void) {
	if (state.mode === 'details') {
		const record = selectedRecord(state);
		if (!record) {
			return null;
		}

		return (
			<TextOverlay
				title={`#${record.id} ${record.applicationName}`}
				lines={detailsOverlayLines(record, services.context.config, state.now)}
				top={state.overlayTop}
				width={width}
				height={height}
				hint="Esc back  o open  y copy URL  ↑/↓ scroll"
				onMaxTop={onMaxTop}
			/>
		);
	}

	if (state.mode === 'messages') {
		const history = [...state.messages.history].reverse();
		const lines = history.length === 0
			? [{text: 'No messages yet: results of your actions and status changes of your deployments show here.', tone: 'muted' as const}]
			: history.map(message => ({
				text: `${formatClock(message.at)}  ${message.text}`,
				tone: message.tone === 'error' ? ('error' as const) : message.tone === 'warning' ? ('warning' as const) : undefined,
			}));
		return <TextOverlay title={`Messages (last ${history.length}, newest first)`} lines={lines} top={state.overlayTop} width={width} height={height} hint="Esc back  ↑/↓ scroll" onMaxTop={onMaxTop} />;
	}

	return null;
}

/** What the empty deployments table says: why it is empty, and what to do. */
function emptyText(state: ReturnType<typeof useDashboard>['state']): string {
	if (state.filter) {
		return `No deployment matches “${state.filter}”. Esc clears the filter.`;
	}

	const pipelineId = state.showAllPipelines ? undefined : selectedPipeline(state)?.id;
	const gone = newestFirst(state.records, {pipelineId, mineOf: state.teamView ? undefined : state.owner, includeHidden: true}).length;
	if (gone > 0 && !state.showHistory) {
		return gone === 1 ? 'The one test deployment here was cleaned up or deleted. H shows it.' : `All ${gone} test deployments here were cleaned up or deleted. H shows them.`;
	}

	if (!state.teamView && newestFirst(state.records, {pipelineId}).length > 0) {
		return 'None of yours here. t shows the whole team\'s.';
	}

	if (state.readOnly) {
		return 'No test deployments here. Read-only session: deploying is off.';
	}

	return 'No test deployments here yet. Select a pipeline and press d to deploy one.';
}

export type AppProps = {
	readonly services: DashboardServices;
	readonly initialSize: TerminalSize;
};

/** The dashboard: header, pipelines and deployments side by side, the log pane below, the footer. */
export function App({services, initialSize}: AppProps) {
	const {state, dispatch} = useDashboard(services, initialSize);
	useKeyboard(dispatch);
	const onOverlayMaxTop = useCallback((maxTop: number) => {
		dispatch({type: 'overlayRoom', maxTop});
	}, [dispatch]);
	useTerminalResize(dispatch);
	const layout = layoutOf(state);
	if (layout.isTooSmall) {
		return (
			<Box width={layout.columns} height={layout.frameRows}>
				<Text wrap="wrap">
					Terminal too small ({state.size.columns}x{state.size.rows}); coolify-tui needs {minimumColumns}x{minimumRows}. Enlarge it, or press q to quit.
				</Text>
			</Box>
		);
	}

	const rows = visibleDeployments(state);
	const record = selectedRecord(state);
	const pipeline = selectedPipeline(state);
	const rightWidth = layout.columns - layout.pipelinesWidth;
	const deploymentsTitle = `${state.showAllPipelines ? 'Deployments: all pipelines' : `Deployments: ${pipeline?.id ?? '-'}`}${state.teamView ? ', whole team' : ', mine'}${state.showHistory ? ' + history' : ''}`;
	const bodyHeight = layout.topHeight + layout.logHeight;
	const overlay = overlayOf(state, services, layout.columns, bodyHeight, onOverlayMaxTop);
	return (
		<Box flexDirection="column" width={layout.columns} height={layout.frameRows}>
			<Header state={state} />
			<ConnectionBanner state={state} />
			{state.mode === 'help' ? (
				<HelpOverlay readOnly={state.readOnly} width={layout.columns} height={bodyHeight} top={state.overlayTop} onMaxTop={onOverlayMaxTop} />
			) : overlay ? (
				overlay
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
							subtitle={[state.filter ? `filter: ${state.filter}` : '', sortLabel(state.sort)].filter(Boolean).join('  ')}
							emptyText={emptyText(state)}
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
							isFocused={state.focus === 'logs'}
							width={layout.columns}
							height={layout.logHeight}
							rows={layout.logRows}
							runtimeLines={state.runtimeLogLines}
							withHidden={state.showHiddenLogLines}
						/>
					)}
				</>
			)}
			<Footer state={state} />
		</Box>
	);
}
