// isolation, the safe way: one process per tab, as Chrome does. The browser talks to its tabs over
// pipes; a tab that crashes dies alone, the browser shows a sad tab and reloads it, and the other
// tabs never notice.
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const TABS = 4;
const CRASHING_TAB = 2;
const tabProgram = fileURLToPath(new URL('./tab.js', import.meta.url));

let ready = 0;
let done = 0;
const tabs: ChildProcess[] = [];

function openTab(id: number, crashAt?: number): ChildProcess {
  const args = [tabProgram, String(id), ...(crashAt === undefined ? [] : [String(crashAt)])];
  const tab = spawn(process.execPath, args, { stdio: ['pipe', 'pipe', 'inherit'] });
  createInterface({ input: tab.stdout! }).on('line', (line) => {
    if (line === 'ready') onReady(tab);
    else console.log(`tab ${id}: ${line}`);
  });
  tab.on('exit', (code, signal) => {
    if (signal) {
      // A crash is contained: only this tab's process died. Show it, and reload the page.
      console.log(`browser: tab ${id} crashed (${signal}): showing a sad tab, reloading it`);
      tabs[id] = openTab(id);
    } else if (++done === TABS) {
      console.log(`browser: all ${TABS} tabs done`);
    }
  });
  return tab;
}

function onReady(tab: ChildProcess): void {
  // The first time, wait until every tab is up (so the crash meets running tabs); a reload starts at once.
  if (ready >= TABS) tab.stdin!.write('go\n');
  else if (++ready === TABS) {
    console.log(`browser: ${TABS} tabs open`);
    for (const t of tabs) t.stdin!.write('go\n');
  }
}

for (let id = 0; id < TABS; id++) tabs.push(openTab(id, id === CRASHING_TAB ? 3 : undefined));
