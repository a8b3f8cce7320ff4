import type { LessonData } from '../../src/lesson.js';

export default {
  order: 150,
  title: 'Isolation: threads share fate, processes do not',
  summary: 'tabs as threads of one "browser": one tab\'s SIGSEGV kills them all; a process per tab contains the crash',
  broken: { link: ['-pthread'] },
  safe: {},
  expectation: {
    job: 'run 4 tabs for 10 frames each; when one tab\'s renderer crashes, keep the browser and the other tabs going',
    // Only the program's own death counts: a browser whose tab process died of SIGSEGV, and which went on, is clean.
    done: [{ kind: 'output', pattern: '^tab (\\d+): frame 9', distinct: 3, meaning: 'the tabs that did not crash rendering all their frames' }],
    signs: [{ kind: 'killed-by-signal', signals: ['SIGSEGV', 'SIGBUS', 'SIGILL', 'SIGFPE', 'SIGABRT'] }],
  },
  question: {
    ask: 'Four tabs run as threads of one browser, and one tab\'s renderer crashes with SIGSEGV. What happens to the others?',
    observed: { kind: 'end' },
    choices: [
      { text: 'They keep going: the browser carries on', matches: { is: 'exited' } },
      { text: 'They all die with it: the whole browser is killed', matches: { is: 'killed' } },
      { text: 'They freeze, waiting for the crashed tab', matches: { is: 'running' } },
    ],
    why:
      'A signal like SIGSEGV kills the process, and threads share their process: every tab goes with it. A process per ' +
      'tab gives each its own memory and its own fate; the browser sees a child die and carries on.',
  },
  narration: {
    why:
      'Threads share one address space, so one thread\'s bad pointer can corrupt what every other thread uses, and ' +
      'the kernel treats the fault as the process\'s: the SIGSEGV goes to the faulting thread, but its default action ' +
      'terminates the whole process, every thread at once. Tab 2\'s strlen(NULL) therefore took tabs 0, 1 and 3 and ' +
      'the browser down with it. A process per tab gives each tab its own address space: a crash ends that process ' +
      'only, its parent learns of it from waitpid() (killed by SIGSEGV) and can show a sad tab and start it again. ' +
      'This is why Chrome runs each renderer in a process of its own: renderers run untrusted pages through huge ' +
      'engines that will have bugs, so they are sandboxed (on Linux, seccomp-bpf and namespaces: no files, no ' +
      'network) and talk to the browser process only over IPC channels (Mojo message pipes, carried over Unix domain ' +
      'sockets on Linux). Site isolation goes further and puts different sites in different processes, so a ' +
      'compromised renderer, or a Spectre-style read of its own memory, finds no other site\'s data there. The price ' +
      'is memory, since each process carries its own heap and engine state, plus messages instead of shared memory; ' +
      'Chrome caps the number of renderers by memory and then lets pages of the same site share one.',
    rule:
      'Put what may crash, or may be attacked, in a process of its own, and talk to it over pipes or sockets. Threads ' +
      'are for cooperating code you trust to share fate; a crash in one is a crash of all.',
    safeWay:
      'One child_process.spawn() per tab, stdio pipes as the IPC channel. The \'exit\' event carries the signal that ' +
      'killed a tab (signal === \'SIGSEGV\'): the browser shows a sad tab and spawns it again, and the other tabs\' ' +
      'processes never notice.',
    rust:
      'std::process::Command per tab, with Stdio::piped() for the channel; ExitStatusExt::signal() tells a SIGSEGV ' +
      'from a normal exit. A panic in a std::thread is caught at join() (Err), but a real memory fault, in unsafe code ' +
      'or a C library, still kills the whole process: only processes isolate that.',
    today:
      'Chrome has been multi-process since its first release in 2008, and site isolation has been on by default for ' +
      'all sites on desktop since Chrome 67 (2018), the year Spectre showed that a process could be made to read its ' +
      'own memory from JavaScript. Browsers may still use threads inside a renderer; the process is the unit of crash ' +
      'and of trust. On Linux Chrome does not fork+exec each renderer: early on, the browser starts one zygote process, ' +
      'and each new renderer is a fork of that zygote without an exec. That is a fork without exec done on purpose, ' +
      'from a process kept single-threaded for it, so no lock can be copied taken; it also keeps every renderer on ' +
      'the version that started, even after an update replaced the files on disk (the lecture\'s "How Chrome does ' +
      'fork()").',
    tryNext: ['npx pitfalls show isolation', 'npx pitfalls list'],
    references: [
      { title: 'signal(7)', where: 'man 7 signal', note: 'SIGSEGV\'s default action terminates the process' },
      { title: 'pthreads(7)', where: 'man 7 pthreads', note: 'threads share signal dispositions; a terminating signal ends every thread' },
      { title: 'wait(2), WIFSIGNALED and WTERMSIG', where: 'man 2 wait' },
      {
        title: 'slides "Considerations when designing a browser" ("Multiprocessing provides isolation. Multithreading does not."), "Chrome architecture" and "Not good enough" (site isolation)',
        where: 'CS110L, "Multiprocessing (part 2)" (Eberhardt, Namavari; Stanford, 2020-04-30)',
      },
      { title: 'slide "More relevant reading": How Chrome does fork() (the zygote)', where: 'http://neugierig.org/software/chromium/notes/2011/08/zygote.html' },
      { title: 'Chromium design document: Multi-process Architecture', where: 'https://www.chromium.org/developers/design-documents/multi-process-architecture' },
      { title: 'Chromium docs/linux/zygote.md', where: 'https://chromium.googlesource.com/chromium/src/+/HEAD/docs/linux/zygote.md' },
      { title: 'Chromium: Site Isolation', where: 'https://www.chromium.org/Home/chromium-security/site-isolation/' },
      { title: 'Node.js 20 child_process, event \'exit\' (code, signal)', where: 'https://nodejs.org/docs/latest-v20.x/api/child_process.html#event-exit' },
    ],
  },
  practice: {
    solution: 'isolation.c',
    task: [
      'Keep 4 tabs of 10 frames each, and tab 2\'s bad page: renderers have bugs.',
      'Leave the strlen() bug in: make its crash a sad tab, not a dead browser.',
      'Tabs 0, 1 and 3 must render frame 9; the browser must end by itself.',
    ],
    hints: [
      {
        text: 'The whole browser died of tab 2\'s SIGSEGV. A fault\'s default action ends the process, every thread in it: what would a tab need so that its crash ends only itself?',
        when: { sign: 'killed-by-signal' },
      },
      {
        text: 'Threads share one address space and one fate. Chrome gives each renderer a process of its own: one fork() per tab, the child rendering and then leaving with _exit().',
      },
      {
        text: 'The run never ended. fork() copies memory: a pthread barrier in ordinary memory becomes one copy per process, and each tab waits on its own copy for ever. Let the barrier go with the threads.',
        when: { reason: 'timeout' },
      },
      {
        text: 'The other tabs must still print "tab N: frame 9", and the browser must wait for its tabs: waitpid() tells it how each ended (WIFSIGNALED, WTERMSIG), so a crash can be a sad tab.',
        when: { jobPart: 'output' },
      },
    ],
  },
} satisfies LessonData;
