// The benchmark's floor for this stack: a minimal Ink app, bundled as dist/ is (scripts/build-options.mjs),
// that draws a screen as large as the dashboard's (a header and a bordered table of rows filling the
// terminal) and moves its selection on j/k. No data file, no services: only Node, React, Ink and yoga.
import process from 'node:process';
import {Box, Text, render, useApp, useInput, useStdout} from 'ink';
import {useState} from 'react';

const statuses = ['running', 'stopped', 'failed', 'building'];

function Yardstick() {
	const {exit} = useApp();
	const {stdout} = useStdout();
	const columns = stdout.columns || 120;
	const rows = stdout.rows || 36;
	// One row short of the terminal, as the dashboard's frame (Ink clears the whole screen for a frame as tall).
	const height = rows - 1;
	const count = Math.max(1, height - 4);
	const [selected, setSelected] = useState(0);
	useInput(input => {
		if (input === 'j') {
			setSelected(index => Math.min(count - 1, index + 1));
		} else if (input === 'k') {
			setSelected(index => Math.max(0, index - 1));
		} else if (input === 'q') {
			exit();
		}
	});
	const width = columns - 4;
	return (
		<Box flexDirection="column" width={columns} height={height}>
			<Text bold> yardstick  a minimal Ink app  {count} rows</Text>
			<Box flexDirection="column" borderStyle="single" flexGrow={1} paddingX={1}>
				<Text bold>{' #    NAME                      STATUS      URL                                   AGE'.padEnd(width).slice(0, width)}</Text>
				{Array.from({length: count}, (_, index) => {
					const line = `${index === selected ? '›' : ' '}${String(index + 1).padStart(3, '0')}  row ${String(index + 1).padStart(3, '0')} app-${(index * 7919).toString(36).padEnd(12)}  ${statuses[index % 4]!.padEnd(10)}  https://row-${index + 1}.example.test`.padEnd(width).slice(0, width);
					return (
						<Text key={index} inverse={index === selected} color={index % 4 === 2 ? 'red' : undefined}>
							{line}
						</Text>
					);
				})}
			</Box>
		</Box>
	);
}

process.stdout.write('\u001B[?1049h\u001B[H');
const instance = render(<Yardstick />, {exitOnCtrlC: false, patchConsole: true});
await instance.waitUntilExit();
process.stdout.write('\u001B[?25h\u001B[?1049l');
