// The minimal Ink app (yardstick-app.tsx) under the dashboard's own V8 settings (source/runtime/v8-flags.ts
// and tuneForDashboard), set the same way before it loads: what the memory tunings cost the stack's floor
// itself, and what our code costs over that floor.
import '../../source/runtime/v8-flags.js';
import {tuneForDashboard} from '../../source/runtime/dashboard-flags.js';

tuneForDashboard();
await import('./yardstick-app.js');
